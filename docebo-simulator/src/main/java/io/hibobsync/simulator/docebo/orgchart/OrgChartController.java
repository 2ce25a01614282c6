package io.hibobsync.simulator.docebo.orgchart;

import io.hibobsync.simulator.docebo.DoceboSimProperties;
import io.hibobsync.simulator.docebo.users.UserDirectory;
import io.hibobsync.simulator.docebo.web.DoceboAnswers;
import io.hibobsync.simulator.docebo.web.DoceboApiException;
import io.hibobsync.simulator.docebo.web.PageRequest;
import io.hibobsync.simulator.docebo.web.RequestFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /manage/v1/orgchart} lists the branches (root included) in the usual paged envelope;
 * {@code POST /manage/v1/orgchart/assign_users} {@code {"id_org": 5, "id_users": [...]}} adds users to a
 * branch. Assigning changes branches, so it waits its turn like a batch import ({@link BranchWorkGate}).
 */
@RestController
public class OrgChartController {

    private final OrgChart orgChart;
    private final UserDirectory directory;
    private final BranchWorkGate gate;
    private final DoceboSimProperties properties;

    OrgChartController(OrgChart orgChart, UserDirectory directory, BranchWorkGate gate, DoceboSimProperties properties) {
        this.orgChart = orgChart;
        this.directory = directory;
        this.gate = gate;
        this.properties = properties;
    }

    @GetMapping("/manage/v1/orgchart")
    Map<String, Object> branches(@RequestParam(name = "search_text", required = false) String searchText,
            @RequestParam(name = "page", required = false) Integer page,
            @RequestParam(name = "page_size", required = false) Integer pageSize) {
        PageRequest request = PageRequest.of(page, pageSize, properties.maxPageSize());
        String wanted = searchText == null ? "" : searchText.trim().toLowerCase(Locale.ROOT);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Branch branch : orgChart.all()) {
            if (wanted.isEmpty() || matches(branch.code(), wanted) || matches(branch.title(), wanted)) {
                items.add(answer(branch));
            }
        }
        return DoceboAnswers.page(items, request.page(), request.pageSize());
    }

    @PostMapping("/manage/v1/orgchart/assign_users")
    Map<String, Object> assignUsers(@RequestBody JsonNode body) {
        Long branchId = RequestFields.id(body, "id_org");
        List<Long> userIds = RequestFields.ids(body, "id_users");
        if (branchId == null || userIds.isEmpty()) {
            throw DoceboApiException.badRequest("Missing required parameters: id_org and id_users");
        }
        Branch branch = orgChart.byId(branchId)
                .orElseThrow(() -> DoceboApiException.notFound("Branch with id " + branchId + " not found"));
        List<String> missing = gate.runAlone(() -> {
            List<String> notFound = new ArrayList<>();
            synchronized (directory) {
                for (long userId : userIds) {
                    directory.byId(userId).ifPresentOrElse(user -> {
                        if (!branch.isRoot()) {
                            user.branchIds.add(branch.id());
                        }
                    }, () -> notFound.add("User with id " + userId + " not found"));
                }
            }
            return notFound;
        });
        return missing.isEmpty() ? DoceboAnswers.success(Map.of()) : DoceboAnswers.failure(missing);
    }

    private Map<String, Object> answer(Branch branch) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", branch.id());
        item.put("code", branch.code());
        item.put("title", branch.title());
        item.put("id_parent", branch.parentId());
        item.put("code_path", orgChart.path(branch));
        item.put("has_children", orgChart.hasChildren(branch));
        return item;
    }

    private static boolean matches(String value, String wanted) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(wanted);
    }
}
