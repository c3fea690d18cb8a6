package io.callisto.hub.db;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A PostgreSQL server whose binaries and data live in the hub's state directory. See the package
 * documentation for where things are kept and how running as root works.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgres.class);
    private static final String SUPERUSER = "postgres";
    private static final String DATABASE = "callisto";

    private final Path bin;
    private final Path dataDir;
    private final String password;
    private final int port;

    private EmbeddedPostgres(Path bin, Path dataDir, String password, int port) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.password = password;
        this.port = port;
    }

    /**
     * Starts the cluster in {@code stateDir} (creating it at the first start), or adopts the server a
     * crashed hub left running on it, and returns once it accepts connections.
     */
    public static EmbeddedPostgres start(Path stateDir) throws IOException {
        Path bin = PostgresBinaries.unpack(stateDir.resolve("postgres")).resolve("bin");
        Path dataDir = stateDir.resolve("db").toAbsolutePath();
        Path passwordFile = stateDir.resolve("db-password");
        boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
        if (fresh) {
            initdb(bin, dataDir, passwordFile);
        }
        String password = Files.readString(passwordFile).strip();
        Optional<Integer> runningPort = runningPort(dataDir);
        EmbeddedPostgres db;
        if (runningPort.isPresent()) {
            LOG.infof("Adopting the PostgreSQL server already running on %s (port %d)", dataDir, runningPort.get());
            db = new EmbeddedPostgres(bin, dataDir, password, runningPort.get());
        } else {
            db = new EmbeddedPostgres(bin, dataDir, password, freePort());
            db.startServer();
        }
        db.createDatabaseIfMissing();
        return db;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String username() {
        return SUPERUSER;
    }

    public String password() {
        return password;
    }

    /** Stops the server (fast shutdown: open sessions are ended, data is flushed). */
    @Override
    public void close() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"), Duration.ofSeconds(60));
        } catch (IOException e) {
            LOG.warnf("PostgreSQL did not stop cleanly: %s", e.getMessage());
        }
    }

    private static void initdb(Path bin, Path dataDir, Path passwordFile) throws IOException {
        LOG.infof("Creating the embedded PostgreSQL cluster in %s", dataDir);
        PostgresBinaries.deleteTree(dataDir);
        Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        String password = generatePassword();
        Path pwfile = Files.createTempFile(dataDir.getParent(), "pwfile-", "", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(pwfile, password + "\n");
            run(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                    "--pwfile=" + pwfile, "--auth=scram-sha-256", "-E", "UTF8", "--no-locale"), Duration.ofMinutes(2));
        } finally {
            Files.deleteIfExists(pwfile);
        }
        Files.writeString(passwordFile, password + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    }

    private void startServer() throws IOException {
        LOG.infof("Starting the embedded PostgreSQL on 127.0.0.1:%d (data in %s)", port, dataDir);
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''";
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", dataDir.resolve("postgres.log").toString(),
                "-o", options, "-w", "-t", "120", "start"), Duration.ofMinutes(3));
    }

    private void createDatabaseIfMissing() throws IOException {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (var connection = DriverManager.getConnection(url, SUPERUSER, password);
             var query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, DATABASE);
            if (!query.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot connect to the embedded PostgreSQL on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The port of a live postmaster on {@code dataDir}, read from its {@code postmaster.pid}. */
    private static Optional<Integer> runningPort(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 4) {
            return Optional.empty();
        }
        long pid = Long.parseLong(lines.get(0).strip());
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return alive ? Optional.of(Integer.parseInt(lines.get(3).strip())) : Optional.empty();
    }

    private static void run(List<String> command, Duration timeout) throws IOException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("unshare", "-U"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(Path.of(command.get(0)).getFileName() + " failed (exit " + process.exitValue() + "): " + output.strip());
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String generatePassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
