package io.hibobsync.simulator.docebo.batch;

import io.hibobsync.simulator.docebo.DoceboSimProperties;
import io.hibobsync.simulator.docebo.orgchart.BranchWorkGate;
import io.hibobsync.simulator.docebo.web.DoceboAnswers;
import io.hibobsync.simulator.docebo.web.DoceboApiException;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /manage/v1/user/batch}: one result per row. A call Docebo refuses as a whole (no items, a
 * missing or unknown {@code branch_option}, a bad option) is answered in its error shape before any row is
 * imported. Only one batch (or branch change) runs at a time, its branch assignments included; see
 * {@link BranchWorkGate}.
 */
@RestController
public class BatchImportController {

    private final BatchImport batchImport;
    private final BranchWorkGate gate;
    private final DoceboSimProperties properties;

    BatchImportController(BatchImport batchImport, BranchWorkGate gate, DoceboSimProperties properties) {
        this.batchImport = batchImport;
        this.gate = gate;
        this.properties = properties;
    }

    @PostMapping("/manage/v1/user/batch")
    Map<String, Object> importUsers(@RequestBody JsonNode body) {
        JsonNode items = body == null ? null : body.get("items");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw DoceboApiException.badRequest("Missing required parameter: items (a non-empty list)");
        }
        BatchOptions options = BatchOptions.read(body.get("options"));
        options.requireBranchOption(BatchImport.anyRowNamesABranch(items), properties.batchBranchOptionRequired());
        List<Map<String, Object>> rows = gate.runAlone(() -> batchImport.apply(items, options))
                .stream().map(row -> row.answer(properties.batchUserIdPlacement())).toList();
        // Whether rows sit in data or data.items is a guess in the spec: a switch lets clients try both.
        return switch (properties.batchResultNesting()) {
            case DATA -> DoceboAnswers.data(rows);
            case DATA_ITEMS -> DoceboAnswers.data(Map.of("items", rows));
        };
    }
}
