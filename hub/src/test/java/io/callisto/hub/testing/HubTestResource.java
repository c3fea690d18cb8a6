package io.callisto.hub.testing;

import io.callisto.hub.db.EmbeddedPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the hub under test with real parts: the embedded PostgreSQL (one per test JVM, in
 * {@code target/}), the real proxy started by the hub from {@code proxy/bin/callisto-proxy}, and free
 * ports for everything. Tests read the chosen ports and credentials from the constants and
 * {@link #publicUrl()}.
 */
public class HubTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String ADMIN_PASSWORD = "admin-password-1";
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    /** The token of the service {@code lister}, which holds only {@code list:users}. */
    public static final String LISTER_TOKEN = "test-lister-token-0123456789abcdef";

    private static EmbeddedPostgres database;
    private static int publicPort;

    @Override
    public synchronized Map<String, String> start() {
        try {
            Path target = Path.of("target").toAbsolutePath();
            if (database == null) {
                database = EmbeddedPostgres.start(Files.createTempDirectory(Files.createDirectories(target), "test-postgres-"));
            }
            Path state = Files.createTempDirectory(Files.createDirectories(target.resolve("test-state")), "hub-");
            int hubPort = freePort();
            publicPort = freePort();
            Map<String, String> config = new HashMap<>();
            config.put("callisto.database.url", database.jdbcUrl());
            config.put("callisto.database.username", database.username());
            config.put("callisto.database.password", database.password());
            config.put("callisto.state-dir", state.toString());
            config.put("quarkus.http.test-port", Integer.toString(hubPort));
            config.put("callisto.hub-connect-url", "http://127.0.0.1:" + hubPort);
            config.put("callisto.proxy.command", Path.of("..", "proxy", "bin", "callisto-proxy").toAbsolutePath().normalize().toString());
            config.put("callisto.proxy.public-ip", "127.0.0.1");
            config.put("callisto.proxy.public-port", Integer.toString(publicPort));
            config.put("callisto.proxy.api-port", Integer.toString(freePort()));
            config.put("callisto.admin.password", ADMIN_PASSWORD);
            config.put("callisto.admin.token", ADMIN_TOKEN);
            config.put("callisto.servers.poll-interval", "PT1S");
            config.put("callisto.servers.start-timeout", "PT30S");
            config.put("callisto.login.failure-delay", "PT2S");
            config.put("callisto.roles.lister.scopes", "list:users");
            config.put("callisto.services.lister.api-token", LISTER_TOKEN);
            config.put("callisto.services.lister.roles", "lister");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // The database is shared by every test class of this JVM and stops with it (see shutdown hook).
    }

    /** The proxy's public URL of the hub under test. */
    public static String publicUrl() {
        return "http://127.0.0.1:" + publicPort;
    }

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (database != null) {
                database.close();
            }
        }));
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
