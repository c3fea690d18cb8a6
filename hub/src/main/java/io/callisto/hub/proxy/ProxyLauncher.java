package io.callisto.hub.proxy;

import io.callisto.hub.config.HubConfig;
import io.callisto.hub.tokens.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Makes sure a proxy is there before the hub serves: the configured external replicas, else the one a
 * previous hub left running on the API port (adopted, so a hub restart does not interrupt anyone's
 * traffic), else a new child process. The child is stopped when the hub shuts down cleanly.
 */
@ApplicationScoped
public class ProxyLauncher {

    private static final Logger LOG = Logger.getLogger(ProxyLauncher.class);
    private static final long POLL_MILLIS = 100;

    @Inject
    HubConfig config;

    @Inject
    ProxyClient client;

    /** The proxy this hub started, or adopted from the hub before it (null for an external proxy). */
    private ProcessHandle child;

    public void start() throws IOException, InterruptedException {
        HubConfig.Proxy proxy = config.proxy();
        List<URI> external = proxy.apiUrls().filter(urls -> !urls.isEmpty())
                .or(() -> proxy.apiUrl().map(List::of)).orElse(List.of());
        if (!external.isEmpty()) {
            String token = proxy.authToken().orElseThrow(() -> new IllegalStateException(
                    "callisto.proxy.api-url(s) is set, so CONFIGPROXY_AUTH_TOKEN (or callisto.proxy.auth-token) must be set too"));
            ProxyReplicas replicas = new ProxyReplicas(external, proxy.resolveReplicas());
            client.connect(replicas, token);
            LOG.infof("Using the external proxy replicas at %s%s (now: %s)", external,
                    proxy.resolveReplicas() ? ", every address of each name" : "", replicas.current());
            return;
        }
        String token = proxy.authToken().orElseGet(this::storedToken);
        URI api = URI.create("http://127.0.0.1:" + proxy.apiPort());
        int status = probe(api, token);
        if (status == 200) {
            LOG.infof("A proxy is already running with our token at %s; using it", api);
            child = adoptedChild().orElse(null);
            client.connect(new ProxyReplicas(List.of(api), false), token);
            return;
        }
        if (status > 0) {
            throw new IllegalStateException("Port " + proxy.apiPort() + " is taken by a proxy that refuses our token (HTTP "
                    + status + "); stop it or set CONFIGPROXY_AUTH_TOKEN to its token");
        }
        launch(api, token);
        client.connect(new ProxyReplicas(List.of(api), false), token);
    }

    private void launch(URI api, String token) throws IOException, InterruptedException {
        HubConfig.Proxy proxy = config.proxy();
        String hub = config.hubConnectUrl().toString().replaceAll("/+$", "");
        List<String> command = new ArrayList<>(proxy.command());
        command.addAll(List.of("--ip", proxy.publicIp(), "--port", Integer.toString(proxy.publicPort()),
                "--api-ip", "127.0.0.1", "--api-port", Integer.toString(proxy.apiPort()),
                "--default-target", hub, "--error-target", hub + "/hub/error"));
        LOG.infof("Starting the proxy: %s", String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("CONFIGPROXY_AUTH_TOKEN", token);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the proxy (" + command.get(0) + "): " + e.getMessage()
                    + ". Build it with ./callisto build, or set callisto.proxy.command", e);
        }
        long deadline = System.nanoTime() + proxy.startTimeout().toNanos();
        child = process.toHandle();
        Files.createDirectories(config.stateDir());
        Files.writeString(pidFile(), Long.toString(process.pid()));
        while (probe(api, token) != 200) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The proxy exited with status " + process.exitValue() + " before it was ready; its output is above");
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("The proxy did not answer on " + api + " within " + proxy.startTimeout().toSeconds() + " s");
            }
            Thread.sleep(POLL_MILLIS);
        }
        LOG.infof("The proxy is up: public port %d, API %s", proxy.publicPort(), api);
    }

    /** Stops the child proxy, if this hub (or the hub it took over from) started one. */
    public void stop() {
        ProcessHandle process = child;
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            LOG.debugf("Could not remove %s: %s", pidFile(), e.getMessage());
        }
    }

    /** The proxy a previous hub started, from the pid file it left, if that process still runs. */
    private Optional<ProcessHandle> adoptedChild() {
        try {
            long pid = Long.parseLong(Files.readString(pidFile()).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Path pidFile() {
        return config.stateDir().resolve("proxy.pid");
    }

    private int probe(URI api, String token) throws InterruptedException {
        try {
            return client.probe(api, token);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The generated token in the state directory (mode 0600), created on first use. */
    private String storedToken() {
        Path file = config.stateDir().resolve("proxy-token");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            Files.createDirectories(config.stateDir());
            String token = Secrets.generate();
            Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), token);
            return token;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot keep the proxy token in " + file + ": " + e.getMessage(), e);
        }
    }
}
