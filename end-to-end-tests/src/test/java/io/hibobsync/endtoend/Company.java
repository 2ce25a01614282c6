package io.hibobsync.endtoend;

import io.hibobsync.simulator.hibob.HibobSimulator;
import io.hibobsync.simulator.hibob.NewHire;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The company the fault scenarios drive, changed as an HR admin changes it: through the HiBob simulator, which sends
 * its signed webhooks. A realistic mix: hires, updates (surname, title), department moves, leavers, rehires,
 * deletions and manager changes, drawn from a seeded random stream.
 * <p>
 * A tenth of the company are managers (reporting to the CEO, the first hire); everyone else reports to one of them.
 * Managers are never deleted (HiBob would leave their reports without a manager, which Docebo does not undo: a
 * documented limit, not a fault); deleted employees are remembered by email, so the check can prove their Docebo
 * user is gone.
 */
final class Company {

    /** HiBob department → Docebo branch, as the writer is configured ({@code DOCEBO_DEPARTMENT_BRANCHES}). */
    static final Map<String, String> BRANCH_OF = branches("Engineering=ENG,Sales=SALES,Marketing=MKT,People=HR,"
            + "Finance=FIN,Operations=OPS");
    static final String DEPARTMENT_BRANCHES = BRANCH_OF.entrySet().stream()
            .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(","));

    private static final List<String> DEPARTMENTS = List.copyOf(BRANCH_OF.keySet());
    private static final List<String> TITLES = List.of("Engineer", "Senior Engineer", "Account Executive", "Analyst",
            "Designer", "Recruiter", "Accountant", "Team Lead");

    /** One kind of change, with its weight in the mix. */
    enum Kind {
        HIRE(12), UPDATE(30), DEPARTMENT_MOVE(18), LEAVER(10), REHIRE(6), DELETION(6), MANAGER_CHANGE(18);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    private final HibobSimulator hibob;
    private final Random random;
    private final List<String> managers = new ArrayList<>();
    private final Set<String> active = new LinkedHashSet<>();
    private final Set<String> leavers = new LinkedHashSet<>();
    private final Map<String, String> deletedEmails = new LinkedHashMap<>();
    private final Map<Kind, Integer> made = new TreeMap<>();
    private String ceo;
    private int hires;

    Company(HibobSimulator hibob, long seed) {
        this.hibob = hibob;
        this.random = new Random(seed);
    }

    /** Hires {@code size} people as fast as HiBob takes them: the CEO, a tenth managers, the rest their reports. */
    synchronized void hireEveryone(int size) {
        ceo = hire(null);
        int managerCount = Math.max(1, size / 10);
        for (int i = 1; i < size; i++) {
            String id = hire(i <= managerCount ? ceo : pick(managers));
            if (i <= managerCount) {
                managers.add(id);
            }
        }
    }

    /** One change of the mix, made in HiBob now; what it was. */
    synchronized Kind change() {
        Kind kind = draw();
        switch (kind) {
            case HIRE -> hire(pick(managers));
            case UPDATE -> {
                String id = pick(active);
                hibob.update(id, random.nextBoolean()
                        ? Map.of("root.surname", "Changed" + random.nextInt(1_000_000))
                        : Map.of("work.title", pick(TITLES)));
            }
            case DEPARTMENT_MOVE -> {
                String id = pick(active);
                String department = String.valueOf(hibob.employee(id).orElseThrow().field("work.department"));
                List<String> others = DEPARTMENTS.stream().filter(other -> !other.equals(department)).toList();
                hibob.update(id, Map.of("work.department", pick(others)));
            }
            case LEAVER -> {
                String id = pick(reports(active));
                hibob.terminate(id);
                active.remove(id);
                leavers.add(id);
            }
            case REHIRE -> {
                String id = pick(leavers);
                hibob.rehire(id);
                leavers.remove(id);
                active.add(id);
            }
            case DELETION -> {
                List<String> candidates = new ArrayList<>(reports(active));
                candidates.addAll(leavers);
                String id = pick(candidates);
                String email = hibob.employee(id).orElseThrow().email();
                hibob.delete(id);
                active.remove(id);
                leavers.remove(id);
                deletedEmails.put(id, email);
            }
            case MANAGER_CHANGE -> {
                String id = pick(reports(active));
                String current = hibob.employee(id).orElseThrow().managerId();
                List<String> others = managers.stream().filter(manager -> !manager.equals(current)).toList();
                hibob.update(id, Map.of("work.manager", pick(others)));
            }
        }
        made.merge(kind, 1, Integer::sum);
        return kind;
    }

    /** An active employee who manages nobody, picked at random: someone a scenario can make leave. */
    synchronized String someoneWhoCanLeave() {
        return pick(reports(active));
    }

    /** {@code id} leaves today (HiBob sends {@code employee.left} and {@code employee.inactivated}). */
    synchronized void terminate(String id) {
        hibob.terminate(id);
        active.remove(id);
        leavers.add(id);
        made.merge(Kind.LEAVER, 1, Integer::sum);
    }

    /** The leaver {@code id} is back today ({@code employee.updated}, {@code employee.activated}). */
    synchronized void rehire(String id) {
        hibob.rehire(id);
        leavers.remove(id);
        active.add(id);
        made.merge(Kind.REHIRE, 1, Integer::sum);
    }

    /** Every employee HiBob has now, leavers included. */
    List<SimulatedEmployee> inHibob() {
        return hibob.employees();
    }

    /** Employee id → work email of everyone deleted in HiBob so far. */
    synchronized Map<String, String> deleted() {
        return Map.copyOf(deletedEmails);
    }

    /** How many changes of each kind were made so far. */
    synchronized Map<Kind, Integer> made() {
        return Map.copyOf(made);
    }

    /** The changes made between two {@link #made()}: {@code hire 12, update 30, ...}. */
    static String mix(Map<Kind, Integer> before, Map<Kind, Integer> after) {
        return Arrays.stream(Kind.values()).filter(kind -> after.getOrDefault(kind, 0) > before.getOrDefault(kind, 0))
                .map(kind -> kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " "
                        + (after.get(kind) - before.getOrDefault(kind, 0)))
                .collect(Collectors.joining(", "));
    }

    synchronized int size() {
        return active.size() + leavers.size();
    }

    private String hire(String managerId) {
        int n = ++hires;
        NewHire hire = NewHire.of("Person" + n, "Number" + n).withEmail("person" + n + ".faults@example.com")
                .withDepartment(pick(DEPARTMENTS)).withTitle(pick(TITLES));
        String id = hibob.hire(managerId == null ? hire : hire.withManager(managerId)).id();
        active.add(id);
        return id;
    }

    private Kind draw() {
        while (true) {
            int total = Arrays.stream(Kind.values()).mapToInt(kind -> kind.weight).sum();
            int ticket = random.nextInt(total);
            for (Kind kind : Kind.values()) {
                ticket -= kind.weight;
                if (ticket < 0) {
                    if (possible(kind)) {
                        return kind;
                    }
                    break;
                }
            }
        }
    }

    private boolean possible(Kind kind) {
        return switch (kind) {
            case REHIRE -> !leavers.isEmpty();
            case LEAVER, DELETION, MANAGER_CHANGE -> reports(active).size() > 1;
            default -> true;
        };
    }

    /** Those who manage nobody: neither the CEO nor one of the managers. */
    private List<String> reports(Set<String> people) {
        return people.stream().filter(id -> !id.equals(ceo) && !managers.contains(id)).toList();
    }

    private <T> T pick(java.util.Collection<T> from) {
        List<T> list = from instanceof List<T> already ? already : new ArrayList<>(from);
        return list.get(random.nextInt(list.size()));
    }

    private static Map<String, String> branches(String pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : pairs.split(",")) {
            String[] parts = pair.split("=");
            map.put(parts[0], parts[1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
