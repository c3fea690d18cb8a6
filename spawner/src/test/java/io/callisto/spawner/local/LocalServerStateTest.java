package io.callisto.spawner.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.callisto.spawner.api.ServerState;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalServerStateTest {

    private static final LocalServerState SERVER = new LocalServerState(
            4242, 987654, "ec31f1eb-71d0-4b74-80f9-cc77ca48d0a7", "127.0.0.1", 50123, Path.of("/logs/alice.log"));

    @Test
    void isPersistedAsPlainStrings() {
        assertThat(SERVER.toServerState()).isEqualTo(new ServerState(Map.of(
                "pid", "4242",
                "startTicks", "987654",
                "bootId", "ec31f1eb-71d0-4b74-80f9-cc77ca48d0a7",
                "host", "127.0.0.1",
                "port", "50123",
                "logFile", "/logs/alice.log")));
    }

    @Test
    void readsBackWhatItWrote() {
        assertThat(LocalServerState.from(SERVER.toServerState())).contains(SERVER);
    }

    @Test
    void stateOfAnotherSpawnerIsNotALocalServer() {
        assertThat(LocalServerState.from(ServerState.EMPTY)).isEmpty();
        assertThat(LocalServerState.from(new ServerState(Map.of("pod", "jupyter-alice")))).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "pid, 0", "pid, 1", "pid, -5", "pid, x",
            "startTicks, -1", "port, 0", "port, 70000",
    })
    void damagedStateIsNotALocalServer(String key, String value) {
        Map<String, String> values = new HashMap<>(SERVER.toServerState().values());
        values.put(key, value);

        assertThat(LocalServerState.from(new ServerState(values))).isEmpty();
    }
}
