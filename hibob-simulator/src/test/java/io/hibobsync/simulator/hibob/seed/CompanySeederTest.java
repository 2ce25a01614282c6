package io.hibobsync.simulator.hibob.seed;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.simulator.hibob.company.CompanyLists;
import io.hibobsync.simulator.hibob.company.Employee;
import io.hibobsync.simulator.hibob.company.Fields;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CompanySeederTest {

    static final LocalDate TODAY = LocalDate.of(2025, 1, 8);

    @Test
    void the_same_seed_gives_the_same_company_and_another_seed_another() {
        assertThat(seed(50, 7)).isEqualTo(seed(50, 7));
        assertThat(seed(50, 8)).isNotEqualTo(seed(50, 7));
    }

    @Test
    void a_company_has_a_ceo_heads_of_department_and_reports_whose_managers_exist_and_are_active() {
        var company = seed(50, 7);
        Map<String, Employee> byId = company.stream().collect(Collectors.toMap(Employee::id, Function.identity()));

        var ceo = company.get(0);
        assertThat(ceo.value(Fields.MANAGER)).isNull();
        assertThat(ceo.text(Fields.TITLE)).isEqualTo("Chief Executive Officer");
        assertThat(company.stream().filter(e -> e.value(Fields.MANAGER) == null)).hasSize(1);
        assertThat(company.stream().filter(e -> ceo.id().equals(e.text(Fields.MANAGER))))
                .hasSizeGreaterThan(3)
                .allSatisfy(head -> assertThat(head.text(Fields.TITLE)).startsWith("Head of "));
        assertThat(company.stream().skip(1)).allSatisfy(employee -> {
            var manager = byId.get(employee.text(Fields.MANAGER));
            assertThat(manager).isNotNull();
            assertThat(manager.isActive()).isTrue();
        });
        var depths = new HashSet<Integer>();
        company.forEach(employee -> depths.add(depth(employee, byId)));
        assertThat(depths).as("CEO, heads, team managers, their reports").contains(0, 1, 2, 3);
    }

    @Test
    void a_company_has_a_few_future_hires_and_leavers_and_everyone_else_employed() {
        var company = seed(50, 7);

        var hires = company.stream().filter(e -> Fields.HIRED.equals(e.lifecycleStatus())).toList();
        var leavers = company.stream().filter(e -> Fields.TERMINATED.equals(e.lifecycleStatus())).toList();

        assertThat(hires).isNotEmpty().allSatisfy(hire -> {
            assertThat(hire.isActive()).isFalse();
            assertThat(LocalDate.parse(hire.text(Fields.START_DATE))).isAfter(TODAY);
        });
        assertThat(leavers).isNotEmpty().allSatisfy(leaver -> {
            assertThat(leaver.isActive()).isFalse();
            assertThat(LocalDate.parse(leaver.text(Fields.TERMINATION_DATE)))
                    .isAfter(LocalDate.parse(leaver.text(Fields.START_DATE))).isBefore(TODAY);
        });
        assertThat(company.size() - hires.size() - leavers.size())
                .isEqualTo((int) company.stream().filter(e -> Fields.EMPLOYED.equals(e.lifecycleStatus()) && e.isActive()).count());
    }

    @Test
    void every_employee_has_a_hibob_looking_id_a_unique_email_and_a_site_with_its_id() {
        var company = seed(50, 7);

        assertThat(company).extracting(Employee::id).doesNotHaveDuplicates().allMatch(id -> id.matches("\\d{19}"));
        assertThat(company).extracting(Employee::email).doesNotHaveDuplicates().allMatch(email -> email.endsWith("@example.com"));
        assertThat(company).allSatisfy(employee -> {
            assertThat(employee.value(Fields.SITE_ID)).isInstanceOf(Long.class);
            assertThat(employee.value(Fields.COMPANY_ID)).isEqualTo(636192L);
            assertThat(employee.text(Fields.DISPLAY_NAME))
                    .isEqualTo(employee.text(Fields.FIRST_NAME) + " " + employee.text(Fields.SURNAME));
        });
    }

    @Test
    void tiny_companies_work() {
        assertThat(seed(0, 1)).isEmpty();
        assertThat(seed(1, 1)).hasSize(1);
        assertThat(seed(2, 1)).hasSize(2);
        assertThat(seed(9, 1)).hasSize(9).allMatch(Employee::isActive);
    }

    @Test
    void seeds_a_hundred_thousand_employees_with_unique_ids_and_emails() {
        var company = seed(100_000, 3);

        assertThat(company).hasSize(100_000);
        assertThat(company.stream().map(Employee::id).distinct().count()).isEqualTo(100_000);
        assertThat(company.stream().map(Employee::email).distinct().count()).isEqualTo(100_000);
    }

    private static List<Employee> seed(int size, long seed) {
        return CompanySeeder.seed(size, seed, 636192L, TODAY, CompanyLists.standard());
    }

    private static int depth(Employee employee, Map<String, Employee> byId) {
        int depth = 0;
        for (var e = employee; e.text(Fields.MANAGER) != null; e = byId.get(e.text(Fields.MANAGER))) {
            depth++;
        }
        return depth;
    }
}
