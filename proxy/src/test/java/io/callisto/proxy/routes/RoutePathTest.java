package io.callisto.proxy.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoutePathTest {

    @Test
    void trailingSlashesAreRemovedExceptFromTheRoot() {
        assertThat(RoutePath.clean("/user/alice/")).isEqualTo("/user/alice");
        assertThat(RoutePath.clean("/user/alice//")).isEqualTo("/user/alice");
        assertThat(RoutePath.clean("/user/alice")).isEqualTo("/user/alice");
        assertThat(RoutePath.clean("/")).isEqualTo("/");
        assertThat(RoutePath.clean("")).isEqualTo("/");
    }

    @Test
    void aMissingLeadingSlashIsAdded() {
        assertThat(RoutePath.clean("user/alice")).isEqualTo("/user/alice");
    }

    @Test
    void escapesAreDecodedAsUtf8LikeDecodeUriComponent() {
        assertThat(RoutePath.decode("/user/b%40x")).isEqualTo("/user/b@x");
        assertThat(RoutePath.decode("/b%40r/b%20r")).isEqualTo("/b@r/b r");
        assertThat(RoutePath.decode("/user/j%C3%BCrgen")).isEqualTo("/user/jürgen");
        assertThat(RoutePath.decode("/a+b")).isEqualTo("/a+b");
        assertThat(RoutePath.decode("/user/jürgen%21")).isEqualTo("/user/jürgen!");
    }

    @Test
    void pathsWithoutEscapesAreReturnedAsGiven() {
        String path = "/user/alice/tree";
        assertThat(RoutePath.decode(path)).isSameAs(path);
    }

    @Test
    void malformedEscapesAreRejected() {
        assertThatThrownBy(() -> RoutePath.decode("/%")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoutePath.decode("/%4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoutePath.decode("/%zz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoutePath.decode("/%C3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void segmentsIgnoreOuterSlashesAndKeepInnerEmptyOnes() {
        assertThat(RoutePath.segments("/user/alice/")).containsExactly("user", "alice");
        assertThat(RoutePath.segments("/")).isEmpty();
        assertThat(RoutePath.segments("//a//b//")).containsExactly("a", "", "b");
    }
}
