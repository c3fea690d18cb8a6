package io.callisto.spawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalSpawnerSettingsTest {

    private static final Path WORK = Path.of("/srv/work");
    private static final Path LOGS = Path.of("/var/log/callisto");

    @Test
    void defaultsRunJupyterhubSingleuserOnLoopback() {
        LocalSpawnerSettings settings = LocalSpawnerSettings.defaults(WORK, LOGS);

        assertThat(settings).isEqualTo(new LocalSpawnerSettings(
                List.of("jupyterhub-singleuser"), Map.of(), WORK, LOGS, "127.0.0.1"));
    }

    @Test
    void directoriesAreMadeAbsoluteAndNormal() {
        LocalSpawnerSettings settings = new LocalSpawnerSettings(
                List.of("jupyterhub-singleuser"), Map.of(), Path.of("state/./work"), Path.of("state/logs/../logs"), "127.0.0.1");

        assertThat(settings.workRoot()).isEqualTo(Path.of("state/work").toAbsolutePath());
        assertThat(settings.logDirectory()).isEqualTo(Path.of("state/logs").toAbsolutePath());
    }

    @Test
    void unusableCommandsAreRefusedWithTheReason() {
        assertRefused(List.of(), Map.of(), "127.0.0.1",
                "command is empty: name the program to start, e.g. jupyterhub-singleuser");
        assertRefused(List.of(" "), Map.of(), "127.0.0.1",
                "command [ ] starts with a blank program name");
        assertRefused(List.of("bin/jupyterhub-singleuser"), Map.of(), "127.0.0.1",
                "command program 'bin/jupyterhub-singleuser' must be an absolute path or a name looked up on PATH:"
                        + " a relative path would be resolved in each user's working directory");
        assertRefused(List.of("jupyterhub-singleuser", "--x=\0"), Map.of(), "127.0.0.1",
                "command [jupyterhub-singleuser, --x=\0] holds a null or a NUL character");
    }

    @Test
    void unusableEnvironmentIsRefusedWithTheReason() {
        assertRefused(List.of("jupyterhub-singleuser"), Map.of("A=B", "1"), "127.0.0.1",
                "environment holds an invalid variable name: 'A=B'");
        assertRefused(List.of("jupyterhub-singleuser"), Map.of("JUPYTERHUB_SERVICE_URL", "http://x/"), "127.0.0.1",
                "environment may not set JUPYTERHUB_SERVICE_URL: the spawner sets it from the port it chooses");
    }

    @Test
    void blankBindHostIsRefused() {
        assertRefused(List.of("jupyterhub-singleuser"), Map.of(), " ", "bindHost must be a host name or address, not ' '");
    }

    @Test
    void missingValuesAreNamed() {
        assertThatThrownBy(() -> new LocalSpawnerSettings(List.of("x"), Map.of(), null, LOGS, "127.0.0.1"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("workRoot is required");
    }

    private static void assertRefused(List<String> command, Map<String, String> environment, String bindHost, String message) {
        assertThatThrownBy(() -> new LocalSpawnerSettings(command, environment, WORK, LOGS, bindHost))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
