package io.hibobsync.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.deployment.Placeholders.Interpolation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml as written (anchors and merge keys resolved, as Compose resolves them; interpolations left as
 * they are, since which values they take is what the tests look at).
 */
final class ComposeFile {

    static final String FILE = "docker-compose.yml";

    private final Map<String, Object> document;

    private ComposeFile(Map<String, Object> document) {
        this.document = document;
    }

    static ComposeFile load() {
        Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Repository.read(FILE));
        assertThat(document).as(FILE + " is a mapping").isInstanceOf(Map.class);
        return new ComposeFile(cast(document));
    }

    Set<String> serviceNames() {
        return services().keySet();
    }

    Map<String, Object> service(String name) {
        Object service = services().get(name);
        assertThat(service).as("service %s in %s", name, FILE).isInstanceOf(Map.class);
        return cast(service);
    }

    /** The service's {@code environment}, written as a mapping; numbers and booleans as Compose passes them. */
    Map<String, String> environment(String service) {
        Object environment = service(service).get("environment");
        assertThat(environment).as("%s: environment is a mapping of NAME: value", service).isInstanceOf(Map.class);
        Map<String, String> result = new LinkedHashMap<>();
        ((Map<?, ?>) environment).forEach((key, value) -> result.put(key.toString(), value == null ? "" : value.toString()));
        return result;
    }

    List<String> profiles(String service) {
        Object profiles = service(service).get("profiles");
        return profiles == null ? List.of() : ((Collection<?>) profiles).stream().map(Object::toString).toList();
    }

    Map<String, Object> section(String service, String key) {
        Object section = service(service).get(key);
        assertThat(section).as("%s: %s is a mapping", service, key).isInstanceOf(Map.class);
        return cast(section);
    }

    /** The health check's command as one line ({@code ["CMD", "curl", ...]} joined by spaces). */
    String healthCheckCommand(String service) {
        Object test = section(service, "healthcheck").get("test");
        assertThat(test).as("%s: healthcheck.test", service).isNotNull();
        return test instanceof Collection<?> parts ? String.join(" ", parts.stream().map(Object::toString).toList())
                : test.toString();
    }

    Map<String, String> buildArguments(String service) {
        Object args = section(service, "build").get("args");
        assertThat(args).as("%s: build.args is a mapping", service).isInstanceOf(Map.class);
        Map<String, String> result = new LinkedHashMap<>();
        ((Map<?, ?>) args).forEach((key, value) -> result.put(key.toString(), String.valueOf(value)));
        return result;
    }

    List<String> list(String service, String key) {
        Object value = service(service).get(key);
        return value == null ? List.of() : ((Collection<?>) value).stream().map(Object::toString).toList();
    }

    Map<String, Object> topLevel(String key) {
        Object section = document.get(key);
        return section == null ? Map.of() : cast(section);
    }

    /** Every interpolation anywhere in the file: the variables Compose reads from .env. */
    List<Interpolation> interpolations() {
        List<String> values = new ArrayList<>();
        collect(document, values);
        return values.stream().flatMap(value -> Placeholders.compose(value).stream()).toList();
    }

    private Map<String, Object> services() {
        Object services = document.get("services");
        assertThat(services).as(FILE + " has services").isInstanceOf(Map.class);
        return cast(services);
    }

    private static void collect(Object node, List<String> values) {
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(value -> collect(value, values));
        } else if (node instanceof Collection<?> items) {
            items.forEach(item -> collect(item, values));
        } else if (node != null) {
            values.add(node.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }
}
