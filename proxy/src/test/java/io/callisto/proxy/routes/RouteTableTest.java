package io.callisto.proxy.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
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
    void lookupsDuringChangesSeeEachRouteWholeOrNotAtAll() throws Exception {
        add("/", "http://hub:8081");
        AtomicBoolean stop = new AtomicBoolean();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                seen.add(String.valueOf(targetFor("/user/alice/lab/tree")));
            }
        });
        reader.start();
        try {
            for (int i = 0; i < 20_000; i++) {
                add("/user/alice", "http://alice:8888");
                add("/user/alice/lab", "http://alice-lab:8888");
                table.remove("/user/alice/lab");
                table.remove("/user/alice");
            }
        } finally {
            stop.set(true);
            reader.join();
        }

        assertThat(seen).isSubsetOf("http://hub:8081", "http://alice:8888", "http://alice-lab:8888");
        assertThat(targetFor("/user/alice/lab/tree")).isEqualTo("http://hub:8081");
    }

    @Test
    void tenThousandSiblingsEachMatchTheirOwnRoute() {
        for (int i = 0; i < 10_000; i++) {
            add(String.format("/user/bench-%05d", i), "http://10.0.0." + (i % 250) + ":" + (8000 + i % 1000));
        }
        for (int i = 0; i < 10_000; i += 2) {
            table.remove(String.format("/user/bench-%05d", i));
        }

        assertThat(table.size()).isEqualTo(5_000);
        assertThat(targetFor("/user/bench-04242/api")).isNull();
        assertThat(targetFor("/user/bench-04243/api")).isEqualTo("http://10.0.0.243:8243");
        assertThat(targetFor("/user/bench-09999")).isEqualTo("http://10.0.0.249:8999");
    }

    @Test
    void routesAreListedInPathOrder() {
        add("/user/bob", "http://bob:1");
        add("/", "http://hub:1");
        add("/user/alice", "http://alice:1");

        assertThat(table.routes()).extracting(Route::path).containsExactly("/", "/user/alice", "/user/bob");
    }
}
