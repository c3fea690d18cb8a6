package io.callisto.proxy.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private final RouteTable table = new RouteTable();

    private Route add(String path, String target) {
        return table.put(path, Target.parse(target), new JsonObject().put("target", target));
    }

    private String targetFor(String requestPath) {
        Route route = table.match(requestPath);
        return route == null ? null : route.target().url();
    }

    @Test
    void theLongestMatchingPrefixWins() {
        add("/", "http://hub:8081");
        add("/user/alice", "http://alice:8888");
        add("/user/alice/proxy/8050", "http://alice:8050");

        assertThat(targetFor("/user/alice/proxy/8050/app")).isEqualTo("http://alice:8050");
        assertThat(targetFor("/user/alice/proxy/8051")).isEqualTo("http://alice:8888");
        assertThat(targetFor("/user/alice/tree")).isEqualTo("http://alice:8888");
        assertThat(targetFor("/user/bob/tree")).isEqualTo("http://hub:8081");
        assertThat(targetFor("/")).isEqualTo("http://hub:8081");
    }

    @Test
    void routesMatchWholeSegmentsOnly() {
        add("/user/alice", "http://alice:8888");

        assertThat(targetFor("/user/al")).isNull();
        assertThat(targetFor("/user/alice2")).isNull();
        assertThat(targetFor("/user/alice")).isEqualTo("http://alice:8888");
    }

    @Test
    void aShorterRouteDoesNotMatchALongerName() {
        add("/user/al", "http://al:8888");

        assertThat(targetFor("/user/alice/tree")).isNull();
        assertThat(targetFor("/user/al/tree")).isEqualTo("http://al:8888");
    }

    @Test
    void trailingSlashesDoNotMatter() {
        add("/user/alice/", "http://alice:8888");

        assertThat(table.get("/user/alice")).isPresent();
        assertThat(table.routes()).extracting(Route::path).containsExactly("/user/alice");
        assertThat(targetFor("/user/alice/")).isEqualTo("http://alice:8888");
        assertThat(targetFor("/user/alice")).isEqualTo("http://alice:8888");
    }

    @Test
    void withoutARootRouteUnmatchedPathsHaveNoRoute() {
        add("/user/alice", "http://alice:8888");

        assertThat(targetFor("/hub/login")).isNull();
        assertThat(targetFor("/")).isNull();
    }

    @Test
    void theRootRouteMatchesEverything() {
        add("/", "http://hub:8081");

        assertThat(targetFor("/")).isEqualTo("http://hub:8081");
        assertThat(targetFor("/any/thing")).isEqualTo("http://hub:8081");
    }

    @Test
    void decodedRouteKeysMatchDecodedRequestPaths() {
        add(RoutePath.decode("/user/b%40x"), "http://bx:8888");

        assertThat(table.get("/user/b@x")).isPresent();
        assertThat(targetFor(RoutePath.decode("/user/b%40x/tree"))).isEqualTo("http://bx:8888");
        assertThat(targetFor("/user/b@x/tree")).isEqualTo("http://bx:8888");
    }

    @Test
    void removingARouteFallsBackToTheNextShorterOne() {
        add("/", "http://hub:8081");
        add("/user/alice", "http://alice:8888");
        add("/user/alice/proxy/8050", "http://alice:8050");

        assertThat(table.remove("/user/alice/")).isTrue();

        assertThat(targetFor("/user/alice/tree")).isEqualTo("http://hub:8081");
        assertThat(targetFor("/user/alice/proxy/8050")).isEqualTo("http://alice:8050");
        assertThat(table.remove("/user/alice")).isFalse();
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void removingTheLastRouteLeavesAnEmptyTable() {
        add("/user/alice/proxy/8050", "http://alice:8050");

        table.remove("/user/alice/proxy/8050");

        assertThat(table.size()).isZero();
        assertThat(targetFor("/user/alice/proxy/8050")).isNull();
    }

    @Test
    void replacingATargetKeepsTheRoutesActivityRecord() {
        Route first = add("/user/alice", "http://alice:8888");
        first.activity().tryOpenWebsocket(10);

        Route second = add("/user/alice", "http://alice:9999");

        assertThat(second.activity()).isSameAs(first.activity());
        assertThat(second.activity().openWebsockets()).isEqualTo(1);
        assertThat(targetFor("/user/alice")).isEqualTo("http://alice:9999");
    }

    @Test
    void aTrieTakenBeforeAChangeStaysAsItWas() {
        PrefixTrie<String> before = PrefixTrie.<String>empty().with(RoutePath.segments("/a"), "a");

        PrefixTrie<String> after = before.with(RoutePath.segments("/a/b"), "b").without(RoutePath.segments("/a"));

        assertThat(before.longestPrefix("/a/b")).isEqualTo("a");
        assertThat(after.longestPrefix("/a/b")).isEqualTo("b");
        assertThat(after.longestPrefix("/a")).isNull();
    }

    @Test
    void routesAreListedInPathOrder() {
        add("/user/bob", "http://bob:1");
        add("/", "http://hub:1");
        add("/user/alice", "http://alice:1");

        assertThat(table.routes()).extracting(Route::path).containsExactly("/", "/user/alice", "/user/bob");
    }
}
