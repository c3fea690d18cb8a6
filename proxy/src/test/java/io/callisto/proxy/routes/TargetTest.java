package io.callisto.proxy.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void portsDefaultFromTheScheme() {
        assertThat(Target.parse("http://10.0.0.7")).isEqualTo(new Target("http://10.0.0.7", "10.0.0.7", 80, false, ""));
        assertThat(Target.parse("https://server.example")).extracting(Target::port, Target::tls).containsExactly(443, true);
        assertThat(Target.parse("ws://[::1]:8888")).extracting(Target::host, Target::port).containsExactly("::1", 8888);
    }

    @Test
    void aTargetPathIsPutBeforeTheForwardedPath() {
        assertThat(Target.parse("http://h:1").forwardedUri("/bar/x?q=1")).isEqualTo("/bar/x?q=1");
        assertThat(Target.parse("http://h:1/").forwardedUri("/bar/x")).isEqualTo("/bar/x");
        assertThat(Target.parse("http://h:1/foo/").forwardedUri("/bar/x?q=1")).isEqualTo("/foo/bar/x?q=1");
    }

    @Test
    void onlyAbsoluteHttpUrlsAreTargets() {
        assertThatThrownBy(() -> Target.parse("127.0.0.1:8888")).hasMessageContaining("http://");
        assertThatThrownBy(() -> Target.parse("ftp://h")).hasMessageContaining("http://");
        assertThatThrownBy(() -> Target.parse("http:///path")).hasMessageContaining("no host");
        assertThatThrownBy(() -> Target.parse("http://a b")).hasMessageContaining("Invalid target");
    }
}
