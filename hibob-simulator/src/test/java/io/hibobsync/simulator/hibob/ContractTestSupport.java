package io.hibobsync.simulator.hibob;

import io.hibobsync.simulator.hibob.admin.EmployeeAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every contract test of the running simulator starts from: the simulator reset to its seeded company, and an
 * HTTP client on its port. A subclass's own {@code @BeforeEach} runs after this one.
 */
abstract class ContractTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    SimulatorReset reset;

    @Autowired
    EmployeeAdmin admin;

    SimulatorHttp http;

    @BeforeEach
    void resetTheSimulator() {
        reset.reset();
        http = new SimulatorHttp("http://localhost:" + port);
    }
}
