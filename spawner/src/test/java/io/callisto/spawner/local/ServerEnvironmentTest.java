package io.callisto.spawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerEnvironmentTest {

    private static final Path HOME = Path.of("/srv/work/alice");
    private static final URI URL = URI.create("http://127.0.0.1:50123/user/alice/");

    @Test
    void startsCleanAndLayersRequestSettingsAndServiceUrl() {
        Map<String, String> hub = Map.of(
                "PATH", "/opt/conda/bin:/usr/bin",
                "LANG", "de_DE.UTF-8",
                "VIRTUAL_ENV", "/opt/venv",
                "HOME", "/root",
                "QUARKUS_DATASOURCE_PASSWORD", "database-secret",
                "CALLISTO_OIDC_CLIENT_SECRET", "oidc-secret",
                "JAVA_HOME", "/usr/lib/jvm/java-17");
        Map<String, String> request = Map.of(
                "JUPYTERHUB_API_TOKEN", "token",
                "JUPYTERHUB_SERVICE_URL", "http://wrong/",
                "LANG", "fr_FR.UTF-8");
        Map<String, String> extra = Map.of("LANG", "C.UTF-8", "NOTEBOOK_THEME", "dark");

        assertThat(ServerEnvironment.build(hub, request, extra, HOME, URL)).isEqualTo(Map.of(
                "PATH", "/opt/conda/bin:/usr/bin",
                "VIRTUAL_ENV", "/opt/venv",
                "HOME", "/srv/work/alice",
                "JUPYTERHUB_API_TOKEN", "token",
                "LANG", "C.UTF-8",
                "NOTEBOOK_THEME", "dark",
                "JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:50123/user/alice/"));
    }

    @Test
    void pathAndLangHaveDefaultsWhenTheHubHasNone() {
        assertThat(ServerEnvironment.build(Map.of(), Map.of(), Map.of(), HOME, URL)).isEqualTo(Map.of(
                "PATH", ServerEnvironment.DEFAULT_PATH,
                "LANG", ServerEnvironment.DEFAULT_LANG,
                "HOME", "/srv/work/alice",
                "JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:50123/user/alice/"));
    }

    @Test
    void serviceUrlIsAsciiEvenForANamedServerWithSpaces() {
        URI url = URI.create("http://127.0.0.1:50123/user/alice/my%20lab/");

        assertThat(ServerEnvironment.build(Map.of(), Map.of(), Map.of(), HOME, url))
                .containsEntry("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:50123/user/alice/my%20lab/");
    }

    @Test
    void variableThatNoProcessCanCarryIsRefusedWithoutShowingItsValue() {
        assertThatThrownBy(() -> ServerEnvironment.build(Map.of(), Map.of("A=B", "secret"), Map.of(), HOME, URL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the request's environment holds an invalid variable name: 'A=B'");
        assertThatThrownBy(() -> ServerEnvironment.build(Map.of(), Map.of("TOKEN", "se\0cret"), Map.of(), HOME, URL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the request's environment holds a null or a NUL character in TOKEN");
    }
}
