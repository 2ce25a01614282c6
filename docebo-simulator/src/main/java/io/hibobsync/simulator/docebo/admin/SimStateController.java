package io.hibobsync.simulator.docebo.admin;

import io.hibobsync.simulator.docebo.DoceboUser;
import io.hibobsync.simulator.docebo.SeedUser;
import io.hibobsync.simulator.docebo.SimulatorState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator's own admin API, outside the simulated one (no token, no rate limit, no faults, not in
 * the call log): {@code GET /sim/state}, {@code POST /sim/reset}, {@code POST /sim/users},
 * {@code DELETE /sim/tokens}. {@code /sim/faults} and {@code /sim/calls} come from simulator-support.
 */
@RestController
@RequestMapping("/sim")
public class SimStateController {

    private final SimulatorAdmin admin;
    private final JsonMapper jsonMapper;

    SimStateController(SimulatorAdmin admin, JsonMapper jsonMapper) {
        this.admin = admin;
        this.jsonMapper = jsonMapper;
    }

    @GetMapping("/state")
    SimulatorState state() {
        return admin.state();
    }

    @PostMapping("/reset")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void reset() {
        admin.reset();
    }

    /** One {@link SeedUser} or a list of them, created in order (so managers can come first). */
    @PostMapping("/users")
    @ResponseStatus(HttpStatus.CREATED)
    List<DoceboUser> seed(@RequestBody JsonNode body) {
        List<DoceboUser> created = new ArrayList<>();
        Iterable<JsonNode> users = body.isArray() ? body : List.of(body);
        for (JsonNode user : users) {
            created.add(admin.seed(jsonMapper.treeToValue(user, SeedUser.class)));
        }
        return created;
    }

    /** Ends every issued token, so a client's next call gets the 401 it must recover from. */
    @DeleteMapping("/tokens")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revokeTokens() {
        admin.revokeTokens();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    Map<String, String> badSeed(IllegalArgumentException e) {
        return Map.of("message", e.getMessage());
    }
}
