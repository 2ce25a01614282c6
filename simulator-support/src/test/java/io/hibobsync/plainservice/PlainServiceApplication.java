package io.hibobsync.plainservice;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Stands for a service of the sync whose tests have a simulator, hence simulator-support, on the classpath. */
@SpringBootApplication
class PlainServiceApplication {

    @RestController
    static class HelloApi {

        @GetMapping("/hello")
        String hello() {
            return "hello";
        }
    }
}
