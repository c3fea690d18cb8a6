package io.callisto.hub.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyReplicasResolutionTest {

    @Test
    void configuredUrlsAreTheReplicasWithoutTrailingSlashes() {
        ProxyReplicas replicas = new ProxyReplicas(
                List.of(URI.create("http://proxy-0:8001/"), URI.create("http://proxy-1:8001")), false);

        assertThat(replicas.current()).containsExactly(URI.create("http://proxy-0:8001"), URI.create("http://proxy-1:8001"));
    }

    @Test
    void withResolutionEveryAddressOfTheNameIsAReplicaOnTheSamePort() {
        ProxyReplicas replicas = new ProxyReplicas(List.of(URI.create("http://localhost:8001")), true);

        assertThat(replicas.current()).contains(URI.create("http://127.0.0.1:8001"))
                .allSatisfy(url -> assertThat(url.getPort()).isEqualTo(8001))
                .doesNotContain(URI.create("http://localhost:8001"));
    }

    @Test
    void anAddressIsItsOwnOnlyReplica() {
        ProxyReplicas replicas = new ProxyReplicas(List.of(URI.create("http://10.1.2.3:8001")), true);

        assertThat(replicas.current()).containsExactly(URI.create("http://10.1.2.3:8001"));
    }

    @Test
    void aNameThatDoesNotResolveYetHasNoReplicas() {
        ProxyReplicas replicas = new ProxyReplicas(List.of(URI.create("http://proxy-replicas.invalid:8001")), true);

        assertThat(replicas.current()).isEmpty();
    }

    @Test
    void atLeastOneUrlIsNeeded() {
        assertThatThrownBy(() -> new ProxyReplicas(List.of(), true)).isInstanceOf(IllegalArgumentException.class);
    }
}
