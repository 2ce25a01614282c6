package io.hibobsync.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files of this repository, found from the module's directory (Maven sets {@code sync.repository.root}). */
final class Repository {

    private Repository() {
    }

    static Path root() {
        String configured = System.getProperty("sync.repository.root");
        return Path.of(configured == null ? ".." : configured).toAbsolutePath().normalize();
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        Path file = path(relative);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
