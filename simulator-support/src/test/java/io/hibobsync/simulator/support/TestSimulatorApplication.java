package io.hibobsync.simulator.support;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The smallest simulator: two endpoints, plus whatever the auto-configuration under test adds. */
@SpringBootApplication
class TestSimulatorApplication {

    @RestController
    static class EchoApi {

        @GetMapping("/api/hello")
        Map<String, String> hello() {
            return Map.of("hello", "world");
        }

        @GetMapping("/api/large")
        String large() {
            return "x".repeat(1_000_000);
        }

        @GetMapping("/api/boom")
        String boom() {
            throw new IllegalStateException("boom");
        }

        @PostMapping("/api/echo")
        String echo(@RequestBody String body) {
            return body;
        }

        @PostMapping(path = "/api/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
        Map<String, String> token(@RequestParam("grant_type") String grantType) {
            return Map.of("grant", grantType);
        }
    }
}
