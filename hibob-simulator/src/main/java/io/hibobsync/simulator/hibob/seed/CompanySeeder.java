package io.hibobsync.simulator.hibob.seed;

import io.hibobsync.simulator.hibob.company.CompanyLists;
import io.hibobsync.simulator.hibob.company.Employee;
import io.hibobsync.simulator.hibob.company.EmployeeIds;
import io.hibobsync.simulator.hibob.company.Fields;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Builds a realistic company from a seed: a CEO, one head per department, team managers, their reports,
 * a few future hires (Hired, access Inactive) and a few leavers (Terminated, Inactive). The same seed gives
 * the same company, except that future start dates are counted from today so they stay in the future.
 */
final class CompanySeeder {

    static final List<String> DEPARTMENTS = List.of("Engineering", "Sales", "Customer Success", "Marketing",
            "Product", "Finance", "People", "Operations");

    private static final List<String> FIRST_NAMES = List.of("Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis",
            "Barbara", "Ken", "Frances", "Edsger", "Hedy", "John", "Katherine", "Tim", "Radia", "Donald", "Sophie",
            "Guido", "Anita", "Bjarne", "Mary", "James", "Shafi", "Niklaus", "Karen", "Vint", "Lynn", "Whitfield",
            "Adele", "Leslie", "Carol", "Ivan", "Jean", "Robin", "Evelyn", "Yukihiro", "Joan", "Brian", "Sara", "Omar",
            "Priya", "Mateo", "Chen", "Amara", "Lukas", "Noa", "Yusuf", "Ingrid", "Kofi", "Elena");

    private static final List<String> SURNAMES = List.of("Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton",
            "Ritchie", "Liskov", "Thompson", "Allen", "Dijkstra", "Lamarr", "McCarthy", "Johnson", "Berners-Lee",
            "Perlman", "Knuth", "Wilson", "Van Rossum", "Borg", "Stroustrup", "Clark", "Gosling", "Goldwasser",
            "Wirth", "Jones", "Cerf", "Conway", "Diffie", "Goldberg", "Lamport", "Shaw", "Sutherland", "Sammet",
            "Milner", "Estrin", "Matsumoto", "Clarke", "Kernighan", "Levi", "Haddad", "Sharma", "Garcia", "Wei",
            "Okafor", "Schmidt", "Cohen", "Demir", "Larsen", "Mensah", "Petrova");

    private static final List<String> ABOUT = List.of("Loves hiking.", "Plays the cello.", "Bakes sourdough.",
            "Runs marathons.", "Reads science fiction.");

    private final long companyId;
    private final Random random;
    private final LocalDate today;
    private final CompanyLists lists;
    private final Set<String> takenIds = new HashSet<>();
    private final Set<String> takenEmails = new HashSet<>();
    private final EmployeeIds ids;
    private int employeeNumber;

    private CompanySeeder(long companyId, long seed, LocalDate today, CompanyLists lists) {
        this.companyId = companyId;
        this.random = new Random(seed);
        this.today = today;
        this.lists = lists;
        this.ids = new EmployeeIds(random);
    }

    static List<Employee> seed(int size, long seed, long companyId, LocalDate today, CompanyLists lists) {
        return new CompanySeeder(companyId, seed, today, lists).build(size);
    }

    private List<Employee> build(int size) {
        var company = new ArrayList<Employee>(size);
        if (size == 0) {
            return company;
        }
        var ceo = person(null, "Executive", "Chief Executive Officer", lists.sites().get(0).name(), pastStart(2012, 2013));
        company.add(ceo);

        int heads = Math.min(DEPARTMENTS.size(), Math.max(size > 1 ? 1 : 0, (size - 1) / 8));
        int remaining = size - 1 - heads;
        int teamManagers = remaining / 9;
        int contributors = remaining - teamManagers;

        Map<String, List<Employee>> managersByDepartment = new LinkedHashMap<>();
        for (int i = 0; i < heads; i++) {
            String department = DEPARTMENTS.get(i);
            var head = person(ceo.id(), department, "Head of " + department, randomSite(), pastStart(2013, 2017));
            company.add(head);
            managersByDepartment.computeIfAbsent(department, d -> new ArrayList<>()).add(head);
        }
        List<String> staffed = List.copyOf(managersByDepartment.keySet());
        for (int i = 0; i < teamManagers; i++) {
            String department = staffed.get(i % staffed.size());
            var head = managersByDepartment.get(department).get(0);
            var manager = person(head.id(), department, department + " Manager", randomSite(), pastStart(2015, 2020));
            company.add(manager);
            managersByDepartment.get(department).add(manager);
        }

        int leavers = size >= 10 ? Math.max(1, contributors * 6 / 100) : 0;
        int futureHires = size >= 10 ? Math.max(1, contributors * 4 / 100) : 0;
        for (int i = 0; i < contributors; i++) {
            String department = staffed.get(random.nextInt(staffed.size()));
            var candidates = managersByDepartment.get(department);
            // Team managers take the reports once there are some; a head alone manages the whole department.
            var manager = candidates.size() == 1 ? candidates.get(0)
                    : candidates.get(1 + random.nextInt(candidates.size() - 1));
            String title = contributorTitle(department);
            if (i < leavers) {
                company.add(leaver(manager.id(), department, title));
            } else if (i < leavers + futureHires) {
                company.add(futureHire(manager.id(), department, title));
            } else {
                company.add(person(manager.id(), department, title, manager.text(Fields.SITE), pastStart(2016, 2024)));
            }
        }
        return company;
    }

    private Employee leaver(String managerId, String department, String title) {
        LocalDate start = pastStart(2016, 2021);
        LocalDate end = start.plusDays(200 + random.nextInt(900));
        return person(managerId, department, title, randomSite(), start).with(Map.of(
                Fields.STATUS, Fields.INACTIVE,
                Fields.LIFECYCLE_STATUS, Fields.TERMINATED,
                Fields.TERMINATION_DATE, end.toString()));
    }

    private Employee futureHire(String managerId, String department, String title) {
        LocalDate start = today.plusDays(7 + random.nextInt(60));
        return person(managerId, department, title, randomSite(), start).with(Map.of(
                Fields.STATUS, Fields.INACTIVE,
                Fields.LIFECYCLE_STATUS, Fields.HIRED));
    }

    private Employee person(String managerId, String department, String title, String siteName, LocalDate start) {
        String firstName = FIRST_NAMES.get(random.nextInt(FIRST_NAMES.size()));
        String surname = SURNAMES.get(random.nextInt(SURNAMES.size()));
        var site = lists.site(siteName);
        Map<String, Object> values = new HashMap<>();
        values.put(Fields.ID, ids.next(takenIds));
        values.put(Fields.EMAIL, uniqueEmail(firstName, surname));
        values.put(Fields.FIRST_NAME, firstName);
        values.put(Fields.SURNAME, surname);
        values.put(Fields.DISPLAY_NAME, firstName + " " + surname);
        values.put(Fields.FULL_NAME, firstName + " " + surname);
        values.put(Fields.COMPANY_ID, companyId);
        values.put(Fields.DEPARTMENT, lists.department(department).name());
        values.put(Fields.TITLE, lists.title(title).name());
        values.put(Fields.SITE, site.name());
        values.put(Fields.SITE_ID, site.id());
        values.put(Fields.CITY, site.city());
        values.put(Fields.COUNTRY, site.country());
        values.put(Fields.START_DATE, start.toString());
        values.put(Fields.MANAGER, managerId);
        values.put(Fields.EMPLOYEE_NUMBER, (long) ++employeeNumber);
        values.put(Fields.STATUS, Fields.ACTIVE);
        values.put(Fields.LIFECYCLE_STATUS, Fields.EMPLOYED);
        // Some people leave "about" empty, so readers meet requested-but-null fields.
        if (random.nextBoolean()) {
            values.put(Fields.ABOUT, ABOUT.get(random.nextInt(ABOUT.size())));
        }
        return new Employee(orderedLikeStandard(values));
    }

    private static Map<String, Object> orderedLikeStandard(Map<String, Object> values) {
        var ordered = new LinkedHashMap<String, Object>();
        Fields.STANDARD.forEach(field -> ordered.put(field, values.get(field)));
        return ordered;
    }

    private String contributorTitle(String department) {
        return switch (department) {
            case "Engineering" -> random.nextInt(4) == 0 ? "Senior Software Engineer" : "Software Engineer";
            case "Sales" -> "Account Executive";
            case "Customer Success" -> "Customer Success Manager";
            case "Marketing" -> "Marketing Specialist";
            case "Product" -> "Product Manager";
            case "Finance" -> "Accountant";
            case "People" -> "HR Business Partner";
            default -> "Operations Analyst";
        };
    }

    private String randomSite() {
        var sites = lists.sites();
        return sites.get(random.nextInt(Math.min(5, sites.size()))).name();
    }

    private LocalDate pastStart(int fromYear, int toYear) {
        return LocalDate.of(fromYear, 1, 1).plusDays(random.nextInt(365 * (toYear - fromYear + 1)));
    }

    private String uniqueEmail(String firstName, String surname) {
        String base = (firstName + "." + surname).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "");
        String email = base + "@example.com";
        for (int n = 2; !takenEmails.add(email); n++) {
            email = base + n + "@example.com";
        }
        return email;
    }
}
