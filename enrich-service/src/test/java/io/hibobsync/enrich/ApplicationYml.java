package io.hibobsync.enrich;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * A settings record as the service binds it from its application.yml, where every default lives (a test constructing
 * one does not repeat them), with just the environment variables a test sets.
 */
public final class ApplicationYml {

    private ApplicationYml() {
    }

    public static <T> T bind(Class<T> settings) {
        return bind(settings, Map.of());
    }

    /** The record, with {@code environment} (variable name to value) read as the service reads the environment. */
    public static <T> T bind(Class<T> settings, Map<String, String> environment) {
        List<PropertySource<?>> yml;
        try {
            yml = new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MutablePropertySources placeholderValues = new MutablePropertySources();
        placeholderValues.addFirst(new MapPropertySource("environment", Map.copyOf(environment)));
        yml.forEach(placeholderValues::addLast);
        String prefix = AnnotationUtils.findAnnotation(settings, ConfigurationProperties.class).prefix();
        Binder binder = new Binder(ConfigurationPropertySources.from(yml),
                new PropertySourcesPlaceholdersResolver(placeholderValues));
        return binder.bindOrCreate(prefix, settings);
    }
}
