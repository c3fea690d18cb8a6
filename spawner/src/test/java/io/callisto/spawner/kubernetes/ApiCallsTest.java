package io.callisto.spawner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ApiCallsTest {

    private static long inAMinute() {
        return System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    }

    @Test
    void aCallWaitsForAPermitAndGivesItBack() throws Exception {
        Semaphore permits = new Semaphore(1);
        permits.acquire();
        AtomicBoolean called = new AtomicBoolean();
        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> {
            try {
                return ApiCalls.retrying(inAMinute(), permits, () -> {
                    called.set(true);
                    return "created";
                });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (!permits.hasQueuedThreads()) {
            Thread.onSpinWait();
        }

        assertThat(called).isFalse();
        permits.release();
        assertThat(call.get(1, TimeUnit.MINUTES)).isEqualTo("created");
        assertThat(permits.availablePermits()).isEqualTo(1);
    }

    @Test
    void eachTryHoldsOnePermitAndAFailedTryGivesItBack() throws Exception {
        Semaphore permits = new Semaphore(2);
        List<Integer> heldDuringTries = new ArrayList<>();
        String result = ApiCalls.retrying(inAMinute(), permits, () -> {
            heldDuringTries.add(2 - permits.availablePermits());
            if (heldDuringTries.size() < 3) {
                throw new KubernetesClientException("overloaded", 503, null);
            }
            return "created";
        });

        assertThat(result).isEqualTo("created");
        assertThat(heldDuringTries).containsExactly(1, 1, 1);
        assertThat(permits.availablePermits()).isEqualTo(2);
    }

    @Test
    void aCallThatFailsForGoodGivesItsPermitBack() {
        Semaphore permits = new Semaphore(1);
        assertThatThrownBy(() -> ApiCalls.retrying(inAMinute(), permits, () -> {
            throw new KubernetesClientException("exceeded quota", 403, null);
        })).hasMessageContaining("exceeded quota");
        assertThat(permits.availablePermits()).isEqualTo(1);
    }
}
