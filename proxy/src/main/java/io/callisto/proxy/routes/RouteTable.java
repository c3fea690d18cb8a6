package io.callisto.proxy.routes;

import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The proxy's routes, held in memory like CHP's default store. Changes are serialised; each is one
 * atomic step in a {@link PrefixTrie} that {@link #match} reads without locking and without
 * copying or allocating any part of the table.
 */
@Singleton
public class RouteTable {

    private final NavigableMap<String, Route> byPath = new ConcurrentSkipListMap<>();
    private final PrefixTrie<Route> trie = new PrefixTrie<>();

    /**
     * Adds or replaces the route at {@code path} (cleaned first) and sets its last activity to now,
     * as CHP does on every POST. Replacing keeps the count of open websockets.
     *
     * @return the stored route
     */
    public synchronized Route put(String path, Target target, JsonObject data) {
        String clean = RoutePath.clean(path);
        Route previous = byPath.get(clean);
        RouteActivity activity;
        long now = System.currentTimeMillis();
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

    /** Every route, ordered by path; a live view that reflects later changes. */
    public Collection<Route> routes() {
        return Collections.unmodifiableCollection(byPath.values());
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
