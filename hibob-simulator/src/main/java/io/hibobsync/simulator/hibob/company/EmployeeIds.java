package io.hibobsync.simulator.hibob.company;

import java.util.Random;
import java.util.Set;

/** Makes HiBob-looking employee ids: 19-digit numbers, sent as strings. */
public final class EmployeeIds {

    private static final long SMALLEST = 3_332_883_000_000_000_000L;
    private static final long SPREAD = 999_999_999_999L;

    private final Random random;

    public EmployeeIds(Random random) {
        this.random = random;
    }

    public String next(Set<String> taken) {
        while (true) {
            String id = Long.toString(SMALLEST + (long) (random.nextDouble() * SPREAD));
            if (taken.add(id)) {
                return id;
            }
        }
    }
}
