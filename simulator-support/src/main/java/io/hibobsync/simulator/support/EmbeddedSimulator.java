package io.hibobsync.simulator.support;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.HttpEncodingAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A simulator running inside another module's test JVM, the one way every simulator starts embedded.
 * <p>
 * Its context gets exactly the auto-configuration a servlet web app needs, never the full set: whatever
 * else the caller has on its classpath (Kafka, mail, a database, the sync's own
 * {@code io.hibobsync.*} auto-configurations) is not applied inside the simulator. It reads only
 * {@code <configName>.yml}, never the caller's {@code application.yml}; it starts on a random port unless
 * {@code server.port} is given; it leaves the caller's logging set-up alone and registers no shutdown hook
 * ({@link #close()} it, e.g. with try-with-resources).
 */
public final class EmbeddedSimulator implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final int port;

    private EmbeddedSimulator(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /**
     * Starts a simulator.
     *
     * @param configuration the simulator's own configuration (which imports {@link SimulatorSupportConfiguration})
     * @param configName    its settings file without extension ({@code spring.config.name})
     * @param properties    Spring property names ({@code hibob.simulator.seed-employees}) or the environment
     *                      variable names its settings file reads ({@code HIBOB_SIM_SEED_EMPLOYEES}); they win
     *                      over the environment
     */
    public static EmbeddedSimulator start(Class<?> configuration, String configName, Map<String, ?> properties) {
        var settings = new LinkedHashMap<String, Object>();
        settings.put("server.port", 0);
        settings.put("spring.config.name", configName);
        settings.put("spring.main.web-application-type", "servlet");
        settings.putAll(properties);
        // Command-line arguments outrank the environment and every file, which is what a test wants.
        String[] args = settings.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);
        var builder = new SpringApplicationBuilder(WebAutoConfigurations.class, configuration)
                .web(WebApplicationType.SERVLET)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false);
        // A second Spring app in the JVM would otherwise re-initialise the caller's logging, and clean it up on close.
        var application = builder.application();
        application.setListeners(application.getListeners().stream()
                .filter(listener -> !(listener instanceof LoggingApplicationListener))
                .toList());
        return new EmbeddedSimulator(builder.run(args));
    }

    /** The simulator's Spring context, for its own beans. */
    public ConfigurableApplicationContext context() {
        return context;
    }

    public int port() {
        return port;
    }

    /** {@code http://localhost:<port>}. */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** The same switches as {@code /sim/faults}. */
    public SimulatorFaults faults() {
        return context.getBean(SimulatorFaults.class);
    }

    /** The same log as {@code /sim/calls}. */
    public CallLog callLog() {
        return context.getBean(CallLog.class);
    }

    @Override
    public void close() {
        context.close();
    }

    /** The allow-list: what a servlet simulator needs, and nothing found on the caller's classpath. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({
            PropertyPlaceholderAutoConfiguration.class,
            ConfigurationPropertiesAutoConfiguration.class,
            ValidationAutoConfiguration.class,
            TomcatServletWebServerAutoConfiguration.class,
            DispatcherServletAutoConfiguration.class,
            HttpEncodingAutoConfiguration.class,
            JacksonAutoConfiguration.class,
            HttpMessageConvertersAutoConfiguration.class,
            WebMvcAutoConfiguration.class,
            ErrorMvcAutoConfiguration.class})
    static class WebAutoConfigurations {
    }
}
