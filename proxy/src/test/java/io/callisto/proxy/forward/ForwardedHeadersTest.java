package io.callisto.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    @Test
    void responsesKeepEndToEndHeadersIncludingRepeatedOnes() {
        MultiMap from = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "text/html")
                .add("Set-Cookie", "a=1")
                .add("Set-Cookie", "b=2")
                .add("Location", "http://elsewhere/x")
                .add("Transfer-Encoding", "chunked")
                .add("Connection", "keep-alive, X-Private")
                .add("Keep-Alive", "timeout=5")
                .add("X-Private", "hop");
        MultiMap to = MultiMap.caseInsensitiveMultiMap();

        ForwardedHeaders.copyResponse(from, to);

        assertThat(to.names()).containsExactlyInAnyOrder("Content-Type", "Set-Cookie", "Location");
        assertThat(to.getAll("Set-Cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    void theForwardedPortComesFromTheHostHeaderElseTheScheme() {
        assertThat(ForwardedHeaders.port("example.org:8443", false)).isEqualTo("8443");
        assertThat(ForwardedHeaders.port("example.org", false)).isEqualTo("80");
        assertThat(ForwardedHeaders.port("example.org", true)).isEqualTo("443");
        assertThat(ForwardedHeaders.port("[::1]:9000", false)).isEqualTo("9000");
        assertThat(ForwardedHeaders.port("[::1]", true)).isEqualTo("443");
        assertThat(ForwardedHeaders.port(null, false)).isEqualTo("80");
    }
}
