package io.hibobsync.simulator.hibob;

import io.hibobsync.simulator.hibob.admin.AdminErrors;
import io.hibobsync.simulator.hibob.admin.EmployeeAdmin;
import io.hibobsync.simulator.hibob.admin.EmployeeAdminController;
import io.hibobsync.simulator.hibob.admin.SimulatorStateController;
import io.hibobsync.simulator.hibob.admin.WebhookAdminController;
import io.hibobsync.simulator.hibob.api.EmployeeProjection;
import io.hibobsync.simulator.hibob.api.PeopleApiController;
import io.hibobsync.simulator.hibob.api.PeopleQueryParser;
import io.hibobsync.simulator.hibob.api.PeopleReader;
import io.hibobsync.simulator.hibob.auth.AuthFailureGuard;
import io.hibobsync.simulator.hibob.auth.ServiceUser;
import io.hibobsync.simulator.hibob.auth.ServiceUserAuthentication;
import io.hibobsync.simulator.hibob.company.CompanyLists;
import io.hibobsync.simulator.hibob.company.EmployeeDirectory;
import io.hibobsync.simulator.hibob.company.EmployeeIds;
import io.hibobsync.simulator.hibob.ratelimit.RateLimiter;
import io.hibobsync.simulator.hibob.ratelimit.RateLimiting;
import io.hibobsync.simulator.hibob.seed.CompanySeeding;
import io.hibobsync.simulator.hibob.webhook.FieldUpdates;
import io.hibobsync.simulator.hibob.webhook.WebhookAdmin;
import io.hibobsync.simulator.hibob.webhook.WebhookDeliveryLog;
import io.hibobsync.simulator.hibob.webhook.WebhookDispatcher;
import io.hibobsync.simulator.hibob.webhook.WebhookHttp;
import io.hibobsync.simulator.hibob.webhook.WebhookPing;
import io.hibobsync.simulator.hibob.webhook.WebhookTarget;
import io.hibobsync.simulator.support.CallLog;
import io.hibobsync.simulator.support.SimulatorFaults;
import io.hibobsync.simulator.support.SimulatorSupportConfiguration;
import java.time.Clock;
import java.util.Random;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator's parts, wired by hand rather than component-scanned, so the same set runs standalone and
 * inside another module's test without picking up anything else in the package. Fault injection, the call
 * log and {@code /sim/faults}, {@code /sim/calls} come from simulator-support.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HibobSimulatorProperties.class)
@Import({SimulatorSupportConfiguration.class, PeopleApiController.class, EmployeeAdminController.class, WebhookAdminController.class,
        SimulatorStateController.class, AdminErrors.class})
class HibobSimulatorConfiguration {

    @Bean
    Clock hibobSimulatorClock() {
        return Clock.systemUTC();
    }

    @Bean
    CompanyLists companyLists() {
        return CompanyLists.standard();
    }

    /** With {@code HIBOB_SIM_READ_LAG}, the API reads changes only that long after they were made. */
    @Bean
    EmployeeDirectory employeeDirectory(HibobSimulatorProperties properties, Clock clock) {
        return new EmployeeDirectory(clock, properties.readLag());
    }

    @Bean
    CompanySeeding companySeeding(EmployeeDirectory directory, CompanyLists lists, HibobSimulatorProperties properties,
                                  Clock clock) {
        var seeding = new CompanySeeding(directory, lists, properties, clock);
        seeding.seed();
        return seeding;
    }

    @Bean
    EmployeeProjection employeeProjection(CompanyLists lists, HibobSimulatorProperties properties) {
        return new EmployeeProjection(lists, properties);
    }

    @Bean
    PeopleQueryParser peopleQueryParser(JsonMapper jsonMapper) {
        return new PeopleQueryParser(jsonMapper);
    }

    @Bean
    PeopleReader peopleReader(EmployeeDirectory directory, EmployeeProjection projection) {
        return new PeopleReader(directory, projection);
    }

    @Bean
    WebhookTarget webhookTarget(HibobSimulatorProperties properties) {
        return new WebhookTarget(properties.webhook().url(), properties.webhook().secret());
    }

    @Bean
    WebhookDeliveryLog webhookDeliveryLog() {
        return new WebhookDeliveryLog();
    }

    @Bean
    WebhookHttp webhookHttp(HibobSimulatorProperties properties, Clock clock) {
        return new WebhookHttp(properties.webhook().timeout(), clock);
    }

    @Bean(destroyMethod = "close")
    WebhookDispatcher webhookDispatcher(HibobSimulatorProperties properties, WebhookTarget target, WebhookHttp http,
                                        WebhookDeliveryLog log, JsonMapper jsonMapper) {
        return new WebhookDispatcher(properties.companyId(), target, http, log, jsonMapper, properties.webhook());
    }

    @Bean
    WebhookAdmin webhookAdmin(WebhookTarget target, WebhookHttp http, WebhookDeliveryLog log) {
        return new WebhookAdmin(target, new WebhookPing(http, log), log);
    }

    @Bean
    EmployeeAdmin employeeAdmin(EmployeeDirectory directory, CompanyLists lists, WebhookDispatcher dispatcher,
                                HibobSimulatorProperties properties, Clock clock) {
        // Its own random stream, seeded, so hires get the same ids on every run without disturbing the seed data.
        var ids = new EmployeeIds(new Random(properties.randomSeed() + 1));
        return new EmployeeAdmin(directory, lists, dispatcher, new FieldUpdates(properties.fieldUpdatesFormat()),
                ids, properties.companyId(), clock);
    }

    @Bean
    ApiGuards apiGuards(HibobSimulatorProperties properties, Clock clock) {
        return new ApiGuards(new ServiceUser(properties.serviceUserId(), properties.serviceUserToken()),
                properties.serviceUserId(), properties.serviceUserToken(),
                new AuthFailureGuard(properties.authFailuresBeforeBlock(), clock),
                new RateLimiter(properties.searchRateLimitPerMinute(), clock),
                new RateLimiter(properties.readRateLimitPerMinute(), clock));
    }

    @Bean
    ServiceUser serviceUser(ApiGuards guards) {
        return guards.serviceUser();
    }

    @Bean
    SimulatorReset simulatorReset(CompanySeeding seeding, WebhookDispatcher dispatcher, WebhookDeliveryLog log,
                                  WebhookTarget target, ApiGuards guards, SimulatorFaults faults, CallLog callLog) {
        return new SimulatorReset(seeding, dispatcher, log, target, guards, faults, callLog);
    }

    /** Credentials first, so unauthenticated calls never use up the rate limit. */
    @Bean
    WebMvcConfigurer hibobApiGuards(ApiGuards guards) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new ServiceUserAuthentication(guards.serviceUser(), guards.authFailures()))
                        .addPathPatterns("/v1/**");
                registry.addInterceptor(new RateLimiting(guards.searchLimit())).addPathPatterns("/v1/people/search");
                registry.addInterceptor(new RateLimiting(guards.readLimit())).addPathPatterns("/v1/people/*")
                        .excludePathPatterns("/v1/people/search");
            }
        };
    }
}
