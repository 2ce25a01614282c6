package io.hibobsync.simulator.hibob;

import java.time.Clock;
import java.time.LocalDate;

/** Fills the directory with the seeded company, at start-up and on reset. Never sends webhooks. */
final class CompanySeeding {

    private final EmployeeDirectory directory;
    private final CompanyLists lists;
    private final HibobSimulatorProperties properties;
    private final Clock clock;

    CompanySeeding(EmployeeDirectory directory, CompanyLists lists, HibobSimulatorProperties properties, Clock clock) {
        this.directory = directory;
        this.lists = lists;
        this.properties = properties;
        this.clock = clock;
    }

    void seed() {
        lists.restoreStandard();
        directory.replaceAll(CompanySeeder.seed(properties.seedEmployees(), properties.randomSeed(),
                properties.companyId(), LocalDate.now(clock), lists));
    }
}
