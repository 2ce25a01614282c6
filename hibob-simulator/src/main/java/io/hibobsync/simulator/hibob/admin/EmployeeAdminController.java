package io.hibobsync.simulator.hibob.admin;

import io.hibobsync.simulator.hibob.NewHire;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /sim/employees}: play HR admin. No authentication: this is the simulator's own back door. */
@RestController
@RequestMapping("/sim/employees")
public class EmployeeAdminController {

    private final EmployeeAdmin admin;

    EmployeeAdminController(EmployeeAdmin admin) {
        this.admin = admin;
    }

    record UpdateRequest(Map<String, Object> fields, String triggeredBy) {
    }

    record TerminateRequest(LocalDate terminationDate, String triggeredBy) {
    }

    record RehireRequest(LocalDate startDate, String triggeredBy) {
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    List<SimulatedEmployee> list() {
        return admin.list();
    }

    /** {@code ?format=table}: a text table for people at a terminal (the CLI's {@code list}). */
    @GetMapping(params = "format=table", produces = MediaType.TEXT_PLAIN_VALUE)
    String table() {
        return EmployeeTable.render(admin.list());
    }

    @GetMapping("/{idOrEmail}")
    SimulatedEmployee get(@PathVariable String idOrEmail) {
        return admin.find(idOrEmail).orElseThrow(() -> new NoSuchElementException("No employee " + idOrEmail));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    AdminOutcome hire(@RequestBody NewHire hire) {
        return admin.hire(hire);
    }

    @PatchMapping("/{id}")
    AdminOutcome update(@PathVariable String id, @RequestBody UpdateRequest request) {
        return admin.update(id, request.fields(), request.triggeredBy());
    }

    @PostMapping("/{id}/terminate")
    AdminOutcome terminate(@PathVariable String id, @RequestBody(required = false) TerminateRequest request) {
        var body = request == null ? new TerminateRequest(null, null) : request;
        return admin.terminate(id, body.terminationDate(), body.triggeredBy());
    }

    @PostMapping("/{id}/rehire")
    AdminOutcome rehire(@PathVariable String id, @RequestBody(required = false) RehireRequest request) {
        var body = request == null ? new RehireRequest(null, null) : request;
        return admin.rehire(id, body.startDate(), body.triggeredBy());
    }

    @PostMapping("/{id}/start")
    AdminOutcome start(@PathVariable String id) {
        return admin.start(id);
    }

    @DeleteMapping("/{id}")
    AdminOutcome delete(@PathVariable String id, @RequestParam(required = false) String triggeredBy) {
        return admin.delete(id, triggeredBy);
    }
}
