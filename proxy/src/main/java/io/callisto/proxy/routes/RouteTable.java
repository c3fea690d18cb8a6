package io.callisto.proxy.routes;

import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proxy's routes, held in memory like CHP's default store. Changes are serialised; each is one
 * atomic step in a {@link PrefixTrie} that {@link #match} reads without locking and without
 * copying or allocating any part of the table, and one in a hash map by exact path, so a change
 * or a lookup by path costs the same with 10 routes as with 10,000.
 */
@Singleton
public class RouteTable {

    private final Map<String, Route> byPath = new ConcurrentHashMap<>();
    private final PrefixTrie<Route> trie = new PrefixTrie<>();

    /**
     * Adds or replaces the route at {@code path} (cleaned first) and sets its last activity to now,
     * as CHP does on every POST. Replacing keeps the count of open websockets.
     *
     * @return the stored route
     */
    public synchronized Route put(String path, Target target, JsonObject data) {
        String clean = RoutePath.clean(path);
        long now = System.currentTimeMillis();
        Route previous = byPath.get(clean);
        RouteActivity activity;
        if (previous == null) {
            activity = new RouteActivity(now);
        } else {
            activity = previous.activity();
            activity.touch(now);
        }
        Route route = new Route(clean, target, data, activity);
        byPath.put(clean, route);
        trie.put(RoutePath.segments(clean), route);
        return route;
    }

    /** Removes the route at {@code path} (cleaned first); false when there was none. */
    public synchronized boolean remove(String path) {
        String clean = RoutePath.clean(path);
        if (byPath.remove(clean) == null) {
            return false;
        }
        trie.remove(RoutePath.segments(clean));
        return true;
    }

    /** The route stored at exactly {@code path} (cleaned first). */
    public Optional<Route> get(String path) {
        return Optional.ofNullable(byPath.get(RoutePath.clean(path)));
    }

    /** Every route, ordered by path: a copy, taken when called. */
    public List<Route> routes() {
        return byPath.values().stream().sorted(Comparator.comparing(Route::path)).toList();
    }

    public int size() {
        return byPath.size();
    }

    /**
     * The route for a request: the one with the most path segments that all equal the leading
     * segments of {@code decodedPath}; null when none does (not even a root route).
     */
    public Route match(String decodedPath) {
        return trie.longestPrefix(decodedPath);
    }
}
