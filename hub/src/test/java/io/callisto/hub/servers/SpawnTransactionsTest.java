package io.callisto.hub.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpawnTransactionsTest {

    @Test
    void aPositiveThreadCountIsKept() {
        assertThat(SpawnTransactions.threadCount(4)).isEqualTo(4);
    }

    @Test
    void noThreadsIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> SpawnTransactions.threadCount(0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("callisto.servers.start-transactions must be at least 1, not 0");
    }
}
