package io.hibobsync.simulator.docebo;

import io.hibobsync.simulator.support.SimulatorSupportConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The simulator's parts, listed rather than component-scanned, so the same set runs standalone and inside
 * another module's test without picking up anything else in the package (its own test classes, the
 * standalone app's full auto-configuration). Fault injection, the call log and {@code /sim/faults},
 * {@code /sim/calls} come from simulator-support.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DoceboSimProperties.class)
@Import({SimulatorSupportConfiguration.class,
        // the platform
        UserDirectory.class, UserEditor.class, UserAnswerForm.class, OrgChart.class, BatchImport.class,
        BranchWorkGate.class, TokenStore.class, RateLimiter.class, SimulatorAdmin.class,
        // its API, in front of it the rate limit (a filter, in DoceboWebConfig) and the bearer token, and Docebo's error shape
        OAuthTokenController.class, UserReadController.class, UserWriteController.class,
        BatchImportController.class, ManagerController.class, OrgChartController.class,
        BearerTokenInterceptor.class, DoceboWebConfig.class, DoceboErrorAdvice.class,
        // the admin API and the page for people
        SimStateController.class, StatePageController.class})
class DoceboSimulatorConfiguration {
}
