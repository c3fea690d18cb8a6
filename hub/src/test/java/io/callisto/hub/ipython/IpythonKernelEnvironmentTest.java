package io.callisto.hub.ipython;

import static org.assertj.core.api.Assertions.assertThat;

import io.callisto.hub.auth.Scopes;
import io.callisto.hub.config.HubConfig;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpythonKernelEnvironmentTest {

    private static HubConfig config(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(HubConfig.class).withDefaultValues(values).build();
        return config.getConfigMapping(HubConfig.class);
    }

    @Test
    void enabledPutsTheKernelspecOnJupyterPathAbsolutely() {
        Map<String, String> env = KernelEnvironment.of(config(Map.of("callisto.ipython.image-dir", "some/image")).ipython());
        assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of("CALLISTO_IPYTHON", "on",
                "JUPYTER_PATH", Path.of("some/image/share/jupyter").toAbsolutePath().normalize().toString()));
    }

    @Test
    void disabledLeavesTheSystemsKernelsAndSwitchesTheExtensionOff() {
        Map<String, String> env = KernelEnvironment.of(config(Map.of("callisto.ipython.enabled", "false")).ipython());
        assertThat(env).containsExactly(Map.entry("CALLISTO_IPYTHON", "off"));
    }

    @Test
    void limitsReadMemorySizes() {
        HubConfig.IPython ipython = config(Map.of("callisto.ipython.max-value-size", "2K")).ipython();
        assertThat(ipython.maxValueSize().asLongValue()).isEqualTo(2048);
        assertThat(ipython.maxCellSize().asLongValue()).isEqualTo(1024 * 1024);
        assertThat(ipython.maxStoreSize().asLongValue()).isEqualTo(64L * 1024 * 1024);
    }

    @Test
    void usersAndServersReachTheirOwnIpythonStateAndAdminsEveryones() {
        Set<String> self = Scopes.expand(List.of("self"), "alice");
        assertThat(self).contains("ipython!user=alice", "read:ipython!user=alice").noneMatch(s -> s.startsWith("admin:ipython"));
        Set<String> server = Scopes.expand(Scopes.serverRole("alice", "lab"), "alice");
        assertThat(Scopes.intersect(server, self)).contains("ipython!user=alice", "read:ipython!user=alice")
                .noneMatch(s -> s.contains("ipython") && !s.endsWith("!user=alice"));
        assertThat(Scopes.expand(Scopes.ADMIN, null)).contains("admin:ipython", "ipython", "read:ipython");
        assertThat(Scopes.problemWith("read:ipython")).isNull();
        assertThat(Scopes.problemWith("admin:ipython")).isNull();
    }
}
