package io.callisto.hub.servers;

import io.callisto.spawner.api.Spawner;
import io.callisto.spawner.api.StartedServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits until a started server answers HTTP at its URL (any status counts, as in JupyterHub's
 * {@code wait_up}), noticing meanwhile when it exits or when its start is no longer wanted (asked
 * every {@value #CHECKS_PER_CANCEL_LOOKUP} checks, not before the first: the caller has just made
 * sure of it, and checks again when it records the server running).
 */
@ApplicationScoped
public class Readiness {

    /** How a wait ended. */
    public enum Result { READY, EXITED, TIMED_OUT, CANCELLED }

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final int CHECKS_PER_CANCEL_LOOKUP = 5;

    @Inject
    Spawner spawner;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public Result await(StartedServer server, Duration timeout, BooleanSupplier stillWanted) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(server.url()).timeout(Duration.ofSeconds(2)).GET().build();
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0 && attempt % CHECKS_PER_CANCEL_LOOKUP == 0 && !stillWanted.getAsBoolean()) {
                return Result.CANCELLED;
            }
            if (!spawner.poll(server.state()).running()) {
                return Result.EXITED;
            }
            if (answers(probe)) {
                return Result.READY;
            }
            if (System.nanoTime() > deadline) {
                return Result.TIMED_OUT;
            }
            Thread.sleep(INTERVAL.toMillis());
        }
    }

    private boolean answers(HttpRequest probe) throws InterruptedException {
        try {
            http.send(probe, HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
