package io.hibobsync.simulator.support;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The smallest simulator: a few endpoints, plus what it opts into from simulator-support, as a real one does. */
@Configuration(proxyBeanMethods = false)
@Import({SimulatorSupportConfiguration.class, TestSimulatorConfiguration.EchoApi.class})
class TestSimulatorConfiguration {

    @RestController
    static class EchoApi {

        private final String greeting;

        EchoApi(@Value("${test.simulator.greeting:none}") String greeting) {
            this.greeting = greeting;
        }

        @GetMapping("/api/hello")
        Map<String, String> hello() {
            return Map.of("hello", "world");
        }

        /** The setting read through test-simulator.yml, to see which property source won. */
        @GetMapping("/api/greeting")
        String greeting() {
            return greeting;
        }

        @GetMapping("/api/large")
        String large() {
            large.incrementAndGet();
            return "x".repeat(1_000_000);
        }

        /** How many times {@code /api/large} was handled: what a test of held-back answers looks at. */
        static final java.util.concurrent.atomic.AtomicInteger large = new java.util.concurrent.atomic.AtomicInteger();

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
