package io.callisto.hub.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.callisto.hub.config.HubConfig;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpawnEnvironmentTest {

    private static HubConfig config(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(HubConfig.class)
                .withDefaultValues(values).build();
        return config.getConfigMapping(HubConfig.class);
    }

    @Test
    void theWholeSingleUserEnvironmentForADefaultServer() {
        HubConfig config = config(Map.of("callisto.hub-connect-url", "http://10.0.0.5:8081",
                "callisto.public-url", "https://notebooks.example.edu",
                "callisto.spawner.environment.JUPYTERHUB_SINGLEUSER_APP", "notebook.notebookapp.NotebookApp"));
        Map<String, String> env = SpawnEnvironment.of(config, "b@x", "", "secret-token");
        assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("JUPYTERHUB_API_TOKEN", "secret-token"),
                Map.entry("JPY_API_TOKEN", "secret-token"),
                Map.entry("JUPYTERHUB_CLIENT_ID", "jupyterhub-user-b%40x"),
                Map.entry("JUPYTERHUB_HOST", "https://notebooks.example.edu"),
                Map.entry("JUPYTERHUB_OAUTH_CALLBACK_URL", "/user/b%40x/oauth_callback"),
                Map.entry("JUPYTERHUB_OAUTH_SCOPES", "[\"access:servers!server=b@x/\", \"access:servers!user=b@x\"]"),
                Map.entry("JUPYTERHUB_OAUTH_ACCESS_SCOPES", "[\"access:servers!server=b@x/\", \"access:servers!user=b@x\"]"),
                Map.entry("JUPYTERHUB_OAUTH_CLIENT_ALLOWED_SCOPES", "[]"),
                Map.entry("JUPYTERHUB_USER", "b@x"),
                Map.entry("JUPYTERHUB_SERVER_NAME", ""),
                Map.entry("JUPYTERHUB_API_URL", "http://10.0.0.5:8081/hub/api"),
                Map.entry("JUPYTERHUB_ACTIVITY_URL", "http://10.0.0.5:8081/hub/api/users/b%40x/activity"),
                Map.entry("JUPYTERHUB_BASE_URL", "/"),
                Map.entry("JUPYTERHUB_SERVICE_PREFIX", "/user/b%40x/"),
                Map.entry("JUPYTERHUB_PUBLIC_URL", "https://notebooks.example.edu/user/b%40x/"),
                Map.entry("CALLISTO_IPYTHON", "on"),
                Map.entry("JUPYTER_PATH", Path.of("spawner/image/share/jupyter").toAbsolutePath().normalize().toString()),
                Map.entry("JUPYTERHUB_SINGLEUSER_APP", "notebook.notebookapp.NotebookApp")));
    }

    @Test
    void namedServersGetTheirOwnPrefixAndClient() {
        Map<String, String> env = SpawnEnvironment.of(config(Map.of()), "alice", "lab 1", "t");
        assertThat(env).containsEntry("JUPYTERHUB_SERVICE_PREFIX", "/user/alice/lab%201/")
                .containsEntry("JUPYTERHUB_CLIENT_ID", "jupyterhub-user-alice-lab%201")
                .containsEntry("JUPYTERHUB_SERVER_NAME", "lab 1")
                .doesNotContainKey("JUPYTERHUB_PUBLIC_URL");
    }
}
