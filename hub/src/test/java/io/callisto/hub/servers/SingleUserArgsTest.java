package io.callisto.hub.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SingleUserArgsTest {

    @Test
    void theAuthCacheIsAppendedInWholeSeconds() {
        assertThat(SingleUserArgs.withAuthCache(List.of("jupyterhub-singleuser", "--allow-root"), Duration.ofMinutes(5)))
                .containsExactly("jupyterhub-singleuser", "--allow-root", "--HubOAuth.cache_max_age=300");
    }

    @Test
    void aValueAlreadyInTheCommandWins() {
        List<String> command = List.of("jupyterhub-singleuser", "--HubOAuth.cache_max_age=30");
        assertThat(SingleUserArgs.withAuthCache(command, Duration.ofMinutes(5))).isEqualTo(command);
    }
}
