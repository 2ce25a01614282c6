package io.hibobsync.simulator.hibob.admin;

import io.hibobsync.simulator.hibob.SimulatorReset;
import io.hibobsync.simulator.hibob.auth.ServiceUser;
import io.hibobsync.simulator.hibob.company.CompanyLists;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /sim/reset}, {@code /sim/lists} and {@code /sim/service-user}: the simulator as a whole. */
@RestController
@RequestMapping("/sim")
public class SimulatorStateController {

    private final SimulatorReset reset;
    private final CompanyLists lists;
    private final ServiceUser serviceUser;

    SimulatorStateController(SimulatorReset reset, CompanyLists lists, ServiceUser serviceUser) {
        this.reset = reset;
        this.lists = lists;
        this.serviceUser = serviceUser;
    }

    record Credentials(String id, String token) {
    }

    @PostMapping("/reset")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void reset() {
        reset.reset();
    }

    /** Departments and titles with their list ids (what {@code HIBOB_SIM_DEPARTMENT_VALUE=id} answers), sites with time zones. */
    @GetMapping("/lists")
    Map<String, Object> lists() {
        return Map.of("departments", lists.departments(), "titles", lists.titles(), "sites", lists.sites());
    }

    /** Changes the accepted service user, e.g. to make the sync's token stop working. */
    @PutMapping("/service-user")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changeServiceUser(@RequestBody Credentials credentials) {
        if (credentials.id() == null || credentials.id().isBlank()
                || credentials.token() == null || credentials.token().isBlank()) {
            throw new IllegalArgumentException("id and token are both needed");
        }
        serviceUser.change(credentials.id(), credentials.token());
    }
}
