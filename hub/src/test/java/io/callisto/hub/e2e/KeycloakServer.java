package io.callisto.hub.e2e;

import static org.awaitility.Awaitility.await;

import io.callisto.hub.db.EmbeddedPostgres;
import io.callisto.hub.testing.HubTestResource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real Keycloak server (the {@code keycloak-quarkus-dist} zip from Maven Central, unpacked by the build
 * into {@code target/keycloak}), on PostgreSQL, with two realms: {@code callisto} from the repository's
 * ready-to-import {@code deploy/keycloak/callisto-realm.json}, and {@code university}
 * ({@code src/test/resources/keycloak/university-realm.json}), which stands in for the university's own
 * identity provider and is brokered into {@code callisto}. One server per test JVM, shared by every test
 * class, stopped with the JVM. Run with a Java 21+ JDK found under {@code /usr/lib/jvm}.
 *
 * <p>Its database is an embedded PostgreSQL of its own: in this JVM the hubs under test are separate
 * processes with their own embedded databases, so there is no test database to add one to.
 */
final class KeycloakServer {

    static final String CLIENT_SECRET = "callisto-test-client-secret";
    private static final String ADMIN = "kc-admin";
    private static final String ADMIN_PASSWORD = "kc-admin-password-1";
    private static final Path TARGET = HubProcess.ROOT.resolve("hub/target");
    private static KeycloakServer shared;

    final int port;
    final Duration startTime;
    private final Process process;
    private final EmbeddedPostgres database;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    /** The server of this JVM, started at the first call. */
    static synchronized KeycloakServer shared() throws Exception {
        if (shared == null) {
            shared = new KeycloakServer();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    private KeycloakServer() throws Exception {
        long begin = System.nanoTime();
        Path home = distribution();
        Path java = jdk21();
        Files.createDirectories(TARGET.resolve("keycloak-run"));
        database = EmbeddedPostgres.start(Files.createTempDirectory(TARGET.resolve("keycloak-run"), "postgres-"));
        log = Files.createTempFile(TARGET.resolve("keycloak-run"), "keycloak-", ".log");
        Path imports = Files.createDirectories(home.resolve("data/import"));
        Files.copy(HubProcess.ROOT.resolve("deploy/keycloak/callisto-realm.json"), imports.resolve("callisto-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(HubProcess.ROOT.resolve("hub/src/test/resources/keycloak/university-realm.json"), imports.resolve("university-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        port = HubTestResource.freePort();
        Map<String, String> env = Map.of(
                "JAVA_HOME", java.toString(),
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "CALLISTO_OIDC_CLIENT_SECRET", CLIENT_SECRET,
                "CALLISTO_KEYCLOAK_SSL_REQUIRED", "none",
                "UNIVERSITY_ISSUER", url() + "/realms/university",
                "UNIVERSITY_CLIENT_SECRET", "university-broker-secret",
                "UNIVERSITY_DISPLAY_NAME", "Example University");
        // The build step is slow and its result stays in the unpacked distribution: run it once.
        Path built = home.resolve("lib/quarkus/.callisto-built");
        if (!Files.exists(built)) {
            run(home, env, List.of("build", "--db=postgres", "--cache=local", "--health-enabled=true"), Duration.ofMinutes(5));
            Files.writeString(built, "postgres, local cache\n");
        }
        ProcessBuilder builder = command(home, env, List.of("start", "--optimized",
                "--db-url=" + database.jdbcUrl(), "--db-username=" + database.username(), "--db-password=" + database.password(),
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + port,
                "--http-management-port=" + HubTestResource.freePort(), "--hostname-strict=false", "--import-realm"));
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited: " + tail());
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url() + "/realms/university/.well-known/openid-configuration")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200
                        && http.send(HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        startTime = Duration.ofNanos(System.nanoTime() - begin);
        System.out.printf("Keycloak %s ready at %s in %d s%n", home.getFileName(), url(), startTime.toSeconds());
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String issuer() {
        return url() + "/realms/callisto";
    }

    /** The hub's configuration for this server (system properties), with the test realm's groups and course roles. */
    Map<String, String> hubConfig() {
        return Map.of(
                "callisto.oidc.issuer", issuer(),
                "callisto.oidc.client-id", "callisto",
                "callisto.oidc.client-secret", CLIENT_SECRET,
                "callisto.oidc.idp-hint", "university",
                "callisto.oidc.allowed-groups", "/callisto-users",
                "callisto.oidc.admin-groups", "/callisto-admins",
                "callisto.oidc.course-roles.names.instructors", "instructor",
                "callisto.oidc.course-roles.names.students", "student");
    }

    /** Lets a hub at {@code publicUrl} use the {@code callisto} client: its redirect and post-logout URIs. */
    void allowHub(String publicUrl) throws Exception {
        JsonObject client = client();
        JsonArray redirects = client.getJsonArray("redirectUris", new JsonArray());
        redirects.add(publicUrl + "/hub/oidc/login");
        client.put("redirectUris", redirects);
        JsonObject attributes = client.getJsonObject("attributes", new JsonObject());
        String logout = attributes.getString("post.logout.redirect.uris", "");
        attributes.put("post.logout.redirect.uris", (logout.isEmpty() ? "" : logout + "##") + publicUrl + "/hub/login");
        admin("PUT", "/admin/realms/callisto/clients/" + client.getString("id"), client.encode());
    }

    private JsonObject client() throws Exception {
        return new JsonArray(admin("GET", "/admin/realms/callisto/clients?clientId=callisto", null)).getJsonObject(0);
    }

    /** Takes a user of a realm out of a group (by path). */
    void removeFromGroup(String realm, String username, String groupPath) throws Exception {
        String group = new JsonObject(admin("GET", "/admin/realms/" + realm + "/group-by-path" + groupPath, null)).getString("id");
        admin("DELETE", "/admin/realms/" + realm + "/users/" + userId(realm, username) + "/groups/" + group, null);
    }

    /** How many Keycloak sessions a user of a realm has (0 for an unknown user). */
    int sessions(String realm, String username) throws Exception {
        JsonArray users = new JsonArray(admin("GET", "/admin/realms/" + realm + "/users?exact=true&username=" + enc(username), null));
        if (users.isEmpty()) {
            return 0;
        }
        return new JsonArray(admin("GET", "/admin/realms/" + realm + "/users/" + users.getJsonObject(0).getString("id") + "/sessions", null)).size();
    }

    /** Sets how long the {@code callisto} realm's authorization codes live, in seconds (60 by default). */
    void codeLifespan(int seconds) throws Exception {
        JsonObject realm = new JsonObject(admin("GET", "/admin/realms/callisto", null));
        admin("PUT", "/admin/realms/callisto", new JsonObject().put("realm", "callisto").put("accessCodeLifespan", seconds)
                .put("enabled", realm.getBoolean("enabled")).encode());
    }

    private String userId(String realm, String username) throws Exception {
        return new JsonArray(admin("GET", "/admin/realms/" + realm + "/users?exact=true&username=" + enc(username), null))
                .getJsonObject(0).getString("id");
    }

    /** A call to the admin REST API with a fresh admin token; answers the body, fails on an error status. */
    private String admin(String method, String path, String json) throws Exception {
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(url() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username=" + ADMIN
                        + "&password=" + ADMIN_PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
        String bearer = new JsonObject(token.body()).getString("access_token");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.close();
    }

    private void run(Path home, Map<String, String> env, List<String> args, Duration timeout) throws Exception {
        ProcessBuilder builder = command(home, env, args);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process step = builder.start();
        if (!step.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || step.exitValue() != 0) {
            step.destroyForcibly();
            throw new IllegalStateException("kc.sh " + args + " failed: " + tail());
        }
    }

    private static ProcessBuilder command(Path home, Map<String, String> env, List<String> args) {
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/kc.sh").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        return builder;
    }

    /** The unpacked distribution ({@code mvn verify} unpacks it before the integration tests). */
    private static Path distribution() throws IOException {
        Path unpacked = TARGET.resolve("keycloak");
        try (Stream<Path> dirs = Files.isDirectory(unpacked) ? Files.list(unpacked) : Stream.empty()) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("keycloak-") && Files.exists(d.resolve("bin/kc.sh")))
                    .findFirst().orElseThrow(() -> new IllegalStateException("No Keycloak distribution in " + unpacked
                            + "; run the integration tests through Maven (mvn verify), which unpacks org.keycloak:keycloak-quarkus-dist"));
        }
    }

    /** A JDK of version 21 or newer under /usr/lib/jvm (Keycloak 26 needs one; the hub runs on 17). */
    static Path jdk21() throws IOException {
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(d -> Files.isExecutable(d.resolve("bin/java")) && feature(d) >= 21)
                    .max(Comparator.comparingInt(KeycloakServer::feature))
                    .orElseThrow(() -> new IllegalStateException("Keycloak needs a JDK 21 or newer under /usr/lib/jvm; none found"));
        }
    }

    private static int feature(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
