package io.hibobsync.plainservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.simulator.support.CallLog;
import io.hibobsync.simulator.support.SimulatorFaults;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;

/** simulator-support is opt-in: being on a Boot app's classpath gives that app none of it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SimulatorSupportStaysOutOfServicesTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void a_boot_app_with_simulator_support_on_its_classpath_gets_no_fault_filter_call_log_or_sim_endpoints()
            throws Exception {
        assertThat(context.getBeanNamesForType(SimulatorFaults.class)).isEmpty();
        assertThat(context.getBeanNamesForType(CallLog.class)).isEmpty();
        assertThat(context.getBeansOfType(FilterRegistrationBean.class).values())
                .noneMatch(registration -> registration.getFilter().getClass().getPackageName()
                        .equals(SimulatorFaults.class.getPackageName()));
        assertThat(get("/hello").statusCode()).isEqualTo(200);
        assertThat(get("/sim/faults").statusCode()).isEqualTo(404);
        assertThat(get("/sim/calls").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
