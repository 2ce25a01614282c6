package io.hibobsync.deployment;

import io.hibobsync.deployment.Placeholders.SpringPlaceholder;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The environment variables a module reads: every {@code ${VARIABLE:default}} in the configuration files Spring Boot
 * loads from its {@code src/main/resources} ({@code application*.yml|yaml|properties}, or {@code <module>.yml} for the
 * simulators, which name theirs after themselves).
 */
final class ModuleConfiguration {

    private final String module;
    private final List<Path> files;
    private final Map<String, SpringPlaceholder> variables;

    private ModuleConfiguration(String module, List<Path> files, Map<String, SpringPlaceholder> variables) {
        this.module = module;
        this.files = files;
        this.variables = variables;
    }

    static ModuleConfiguration of(String module) {
        Path resources = Repository.path(module + "/src/main/resources");
        List<Path> files = configurationFiles(module, resources);
        if (files.isEmpty()) {
            throw new AssertionError(module + " has no configuration file in " + resources
                    + " (application.yml or " + module + ".yml): cannot tell which variables it reads");
        }
        Map<String, SpringPlaceholder> variables = new LinkedHashMap<>();
        for (Path file : files) {
            for (String value : values(file)) {
                for (SpringPlaceholder placeholder : Placeholders.spring(value)) {
                    variables.putIfAbsent(placeholder.name(), placeholder);
                }
            }
        }
        return new ModuleConfiguration(module, files, variables);
    }

    String module() {
        return module;
    }

    List<Path> files() {
        return files;
    }

    /** Variable name to its placeholder (and so its default), in file order. */
    Map<String, SpringPlaceholder> variables() {
        return variables;
    }

    private static List<Path> configurationFiles(String module, Path resources) {
        if (!Files.isDirectory(resources)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(resources)) {
            return listing.filter(Files::isRegularFile)
                    .filter(file -> {
                        String name = file.getFileName().toString();
                        return name.matches("application(-[\\w.-]+)?\\.(yml|yaml|properties)")
                                || name.equals(module + ".yml") || name.equals(module + ".yaml");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every scalar of the file (keys included: a key can hold a placeholder too), comments left out. */
    private static List<String> values(Path file) {
        List<String> values = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            if (file.toString().endsWith(".properties")) {
                Properties properties = new Properties();
                properties.load(reader);
                properties.forEach((key, value) -> {
                    values.add(key.toString());
                    values.add(value.toString());
                });
            } else {
                for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                    collect(document, values);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    private static void collect(Object node, List<String> values) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                collect(key, values);
                collect(value, values);
            });
        } else if (node instanceof Collection<?> items) {
            items.forEach(item -> collect(item, values));
        } else if (node != null) {
            values.add(node.toString());
        }
    }
}
