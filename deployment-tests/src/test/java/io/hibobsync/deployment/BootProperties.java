package io.hibobsync.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The properties Spring Boot binds by itself, from the configuration metadata of the Boot modules on this test's
 * classpath, by their environment-variable names: {@code spring.mail.username} is {@code SPRING_MAIL_USERNAME}
 * (dots to underscores, dashes dropped, upper case). A service reads such a variable without naming it in its
 * application.yml.
 */
final class BootProperties {

    private static final Pattern PROPERTY =
            Pattern.compile("\\{\\s*\"name\"\\s*:\\s*\"([^\"]+)\"\\s*,\\s*\"type\"\\s*:\\s*\"([^\"]+)\"");

    private final Set<String> variables = new HashSet<>();
    private final Set<String> mapPrefixes = new HashSet<>();

    private BootProperties() {
    }

    static BootProperties load() {
        BootProperties properties = new BootProperties();
        try {
            for (URL metadata : Collections.list(BootProperties.class.getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = metadata.openStream()) {
                    properties.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (properties.variables.isEmpty()) {
            throw new AssertionError("no Spring Boot configuration metadata on the test classpath");
        }
        return properties;
    }

    /** Whether Spring Boot binds the variable to one of its properties (or to an entry of a map property). */
    boolean binds(String variable) {
        return variables.contains(variable) || mapPrefixes.stream().anyMatch(prefix -> variable.startsWith(prefix + "_"));
    }

    private void add(String json) {
        int properties = json.indexOf("\"properties\"");
        if (properties < 0) {
            return;
        }
        int hints = json.indexOf("\"hints\"", properties);
        Matcher matcher = PROPERTY.matcher(hints < 0 ? json.substring(properties) : json.substring(properties, hints));
        while (matcher.find()) {
            String variable = matcher.group(1).toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "");
            variables.add(variable);
            if (matcher.group(2).startsWith("java.util.Map")) {
                mapPrefixes.add(variable);
            }
        }
    }
}
