package io.hibobsync.simulator.docebo.orgchart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hibobsync.simulator.docebo.DoceboSimProperties;
import org.junit.jupiter.api.Test;

class OrgChartTest {

    @Test
    void seeds_nested_branches_under_the_root_from_the_configured_list() {
        OrgChart chart = new OrgChart(properties("ENG:Engineering, ENG/PLATFORM:Platform ,SALES"));

        assertThat(chart.all()).extracting(Branch::code).containsExactly(null, "ENG", "PLATFORM", "SALES");
        Branch platform = chart.byCode("PLATFORM").orElseThrow();
        assertThat(chart.path(platform)).isEqualTo("ENG/PLATFORM");
        assertThat(platform.title()).isEqualTo("Platform");
        assertThat(chart.byCode("SALES").orElseThrow().title()).isEqualTo("SALES");
    }

    @Test
    void a_child_listed_before_its_parent_or_a_repeated_code_stops_the_start() {
        assertThatThrownBy(() -> new OrgChart(properties("ENG/PLATFORM:Platform,ENG:Engineering")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOCEBO_SIM_BRANCHES");
        assertThatThrownBy(() -> new OrgChart(properties("ENG:A,ENG:B")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeated");
    }

    @Test
    void resolves_code_paths_and_creates_missing_branches_only_when_asked() {
        OrgChart chart = new OrgChart(properties("ENG:Engineering"));

        assertThat(chart.resolvePath("ENG/DATA", false)).isEmpty();
        Branch data = chart.resolvePath("ENG/DATA", true).orElseThrow();

        assertThat(chart.byId(data.parentId()).orElseThrow().code()).isEqualTo("ENG");
        assertThat(chart.resolvePath("ENG/DATA", false)).contains(data);
        assertThat(chart.resolvePath("SALES/DATA", true)).as("codes are unique across the tree").isEmpty();
    }

    private static DoceboSimProperties properties(String branches) {
        return new DoceboSimProperties("c", "s", "u", "p", 3600, 1000, branches, true,
                DoceboSimProperties.BatchResultNesting.DATA, DoceboSimProperties.BatchUserIdPlacement.OUTPUT,
                DoceboSimProperties.BranchOptionRequired.WHEN_BRANCH_NAMED, 0, 200);
    }
}
