package io.hibobsync.simulator.support;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /sim/faults} and {@code /sim/calls}: switch faults on and off, read and clear the call log. */
@RestController
@RequestMapping("/sim")
class SimulatorAdminController {

    private final SimulatorFaults faults;
    private final CallLog callLog;

    SimulatorAdminController(SimulatorFaults faults, CallLog callLog) {
        this.faults = faults;
        this.callLog = callLog;
    }

    @GetMapping("/faults")
    ActiveFaults faults() {
        return faults.current();
    }

    @PostMapping("/faults")
    ActiveFaults setFaults(@RequestBody FaultRequest request) {
        faults.apply(request);
        return faults.current();
    }

    @DeleteMapping("/faults")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void clearFaults() {
        faults.clear();
    }

    @GetMapping("/calls")
    List<RecordedCall> calls(@RequestParam(required = false) String method,
                             @RequestParam(required = false) String path) {
        return callLog.calls(method, path);
    }

    @DeleteMapping("/calls")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void clearCalls() {
        callLog.clear();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    Map<String, String> badRequest(IllegalArgumentException e) {
        return Map.of("message", e.getMessage());
    }
}
