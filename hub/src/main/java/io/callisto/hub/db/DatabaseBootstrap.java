package io.callisto.hub.db;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Chooses the database before Quarkus starts: {@code callisto.database.url} when set, else the
 * embedded PostgreSQL in {@code callisto.state-dir}, whose connection settings it passes on as system
 * properties. It runs before the configuration system exists, so it reads just these two keys itself,
 * from system properties and environment variables (see {@link io.callisto.hub.config.HubConfig}).
 */
@ApplicationScoped
public class DatabaseBootstrap {

    private static volatile EmbeddedPostgres embedded;

    /** Starts the embedded database when no URL is configured. */
    public static void prepare() throws IOException {
        if (setting("callisto.database.url").isPresent()) {
            return;
        }
        Path stateDir = Path.of(setting("callisto.state-dir").orElse(".callisto")).toAbsolutePath();
        EmbeddedPostgres db = EmbeddedPostgres.start(stateDir);
        System.setProperty("callisto.database.url", db.jdbcUrl());
        System.setProperty("callisto.database.username", db.username());
        System.setProperty("callisto.database.password", db.password());
        embedded = db;
    }

    /** Stops the embedded database after everything else has shut down (the last shutdown observer). */
    void stopEmbedded(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) {
        EmbeddedPostgres db = embedded;
        if (db != null) {
            embedded = null;
            db.close();
        }
    }

    private static Optional<String> setting(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.toUpperCase().replace('.', '_').replace('-', '_'));
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
