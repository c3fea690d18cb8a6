package io.callisto.spawner.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Calls to the API server that survive its passing troubles: a call that fails for want of a
 * connection, with 429 or with a 5xx status is tried again, waiting 200 ms doubling to 5 s, until a
 * deadline. Anything else (403 for an exceeded quota, 409, 422) fails at once.
 */
final class ApiCalls {

    private static final Duration FIRST_WAIT = Duration.ofMillis(200);
    private static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private ApiCalls() {
    }

    /**
     * @param deadlineNanos in {@link System#nanoTime()} terms
     * @throws KubernetesClientException the last error, when it is not transient or the deadline passed
     * @throws InterruptedException      when interrupted while waiting to try again
     */
    static <T> T retrying(long deadlineNanos, Supplier<T> call) throws InterruptedException {
        Duration wait = FIRST_WAIT;
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException thrown) {
                KubernetesClientException e = asClientException(thrown);
                if (!isTransient(e) || System.nanoTime() + wait.toNanos() - deadlineNanos > 0) {
                    throw e;
                }
            }
            Thread.sleep(wait.toMillis());
            wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
        }
    }

    /** No answer at all (code 0 or less: no connection, connection lost), too many requests, or a server error: worth another try. */
    static boolean isTransient(KubernetesClientException e) {
        int code = e.getCode();
        return code <= 0 || code == 429 || code >= 500;
    }

    /**
     * The client's exception, or for an exception of its HTTP layer (Vert.x lets some through
     * unwrapped: "Connection was closed") one without a code, which counts as transient.
     *
     * @throws RuntimeException {@code thrown} itself when it is neither (a bug, not the network)
     */
    static KubernetesClientException asClientException(RuntimeException thrown) {
        if (thrown instanceof KubernetesClientException e) {
            return e;
        }
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException || cause.getClass().getName().startsWith("io.vertx.")
                    || cause.getClass().getName().startsWith("io.netty.")) {
                return new KubernetesClientException(String.valueOf(thrown.getMessage()), thrown);
            }
        }
        throw thrown;
    }

    static boolean isNotFound(KubernetesClientException e) {
        return e.getCode() == 404;
    }

    static boolean isConflict(KubernetesClientException e) {
        return e.getCode() == 409;
    }

    /** The API server's own message when it sent one ("exceeded quota: ..."), else the exception's. */
    static String message(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null && !e.getStatus().getMessage().isBlank()) {
            return e.getStatus().getMessage();
        }
        Throwable cause = e.getCause();
        return e.getCode() <= 0 ? "cannot reach the Kubernetes API (" + (cause == null ? e.getMessage() : cause.toString()) + ")"
                : e.getMessage();
    }
}
