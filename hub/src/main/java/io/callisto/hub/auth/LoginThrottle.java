package io.callisto.hub.auth;

import io.callisto.hub.config.HubConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Slows down password guessing per user name (known or not, so it tells nothing about who exists):
 * after {@code free-failures} failures, each attempt must wait {@code failure-delay}, doubling with
 * every further failure up to {@code max-failure-delay}. A successful login clears the count. Kept in
 * PostgreSQL, so every replica applies the same limit. Callers run inside a transaction.
 */
@ApplicationScoped
public class LoginThrottle {

    @Inject
    HubConfig config;

    /** How long {@code name} must still wait before its next attempt, if at all. */
    public Optional<Duration> waitFor(String name, Instant now) {
        LoginFailure failure = LoginFailure.findById(name);
        if (failure == null || failure.failures < config.login().freeFailures()) {
            return Optional.empty();
        }
        Instant allowed = failure.lastFailure.plus(delay(failure.failures));
        return allowed.isAfter(now) ? Optional.of(Duration.between(now, allowed)) : Optional.empty();
    }

    public void failed(String name, Instant now) {
        LoginFailure failure = LoginFailure.findById(name);
        if (failure == null) {
            failure = new LoginFailure();
            failure.name = name;
        }
        failure.failures++;
        failure.lastFailure = now;
        failure.persist();
    }

    public void succeeded(String name) {
        LoginFailure.deleteById(name);
    }

    /** The wait after {@code failures} failures (at least {@code free-failures} of them). */
    Duration delay(int failures) {
        int doublings = Math.min(failures - config.login().freeFailures(), 20);
        Duration delay = config.login().failureDelay().multipliedBy(1L << doublings);
        return delay.compareTo(config.login().maxFailureDelay()) > 0 ? config.login().maxFailureDelay() : delay;
    }
}
