package io.hibobsync.simulator.docebo;

import io.hibobsync.simulator.docebo.admin.SimStateController;
import io.hibobsync.simulator.docebo.admin.SimulatorAdmin;
import io.hibobsync.simulator.docebo.admin.StatePageController;
import io.hibobsync.simulator.docebo.auth.BearerTokenInterceptor;
import io.hibobsync.simulator.docebo.auth.OAuthTokenController;
import io.hibobsync.simulator.docebo.auth.TokenStore;
import io.hibobsync.simulator.docebo.batch.BatchImport;
import io.hibobsync.simulator.docebo.batch.BatchImportController;
import io.hibobsync.simulator.docebo.orgchart.BranchWorkGate;
import io.hibobsync.simulator.docebo.orgchart.OrgChart;
import io.hibobsync.simulator.docebo.orgchart.OrgChartController;
import io.hibobsync.simulator.docebo.ratelimit.RateLimiter;
import io.hibobsync.simulator.docebo.users.ManagerController;
import io.hibobsync.simulator.docebo.users.UserAnswerForm;
import io.hibobsync.simulator.docebo.users.UserDirectory;
import io.hibobsync.simulator.docebo.users.UserEditor;
import io.hibobsync.simulator.docebo.users.UserReadController;
import io.hibobsync.simulator.docebo.users.UserWriteController;
import io.hibobsync.simulator.docebo.web.DoceboErrorAdvice;
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
