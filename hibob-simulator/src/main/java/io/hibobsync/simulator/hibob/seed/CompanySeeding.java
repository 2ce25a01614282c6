package io.hibobsync.simulator.hibob.seed;

import io.hibobsync.simulator.hibob.HibobSimulatorProperties;
import io.hibobsync.simulator.hibob.company.CompanyLists;
import io.hibobsync.simulator.hibob.company.EmployeeDirectory;
import java.time.Clock;
import java.time.LocalDate;

/** Fills the directory with the seeded company, at start-up and on reset. Never sends webhooks. */
public final class CompanySeeding {

    private final EmployeeDirectory directory;
    private final CompanyLists lists;
    private final HibobSimulatorProperties properties;
    private final Clock clock;

    public CompanySeeding(EmployeeDirectory directory, CompanyLists lists, HibobSimulatorProperties properties, Clock clock) {
        this.directory = directory;
        this.lists = lists;
        this.properties = properties;
        this.clock = clock;
    }

    public void seed() {
        lists.restoreStandard();
        directory.replaceAll(CompanySeeder.seed(properties.seedEmployees(), properties.randomSeed(),
                properties.companyId(), LocalDate.now(clock), lists));
    }
}
