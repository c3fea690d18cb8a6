package io.callisto.proxy.routes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable trie over path segments. {@link #with} and {@link #without} return a new trie that
 * shares every branch off the changed path with this one, so a change costs the path's depth (plus
 * copying the child map of each node on it), and a lookup costs the number of segments in the
 * request path, whatever the number of routes.
 */
final class PrefixTrie<V> {

    private static final PrefixTrie<?> EMPTY = new PrefixTrie<>(null, Map.of());

    private final V value;
    private final Map<String, PrefixTrie<V>> children;

    private PrefixTrie(V value, Map<String, PrefixTrie<V>> children) {
        this.value = value;
        this.children = children;
    }

    @SuppressWarnings("unchecked")
    static <V> PrefixTrie<V> empty() {
        return (PrefixTrie<V>) EMPTY;
    }

    /** A trie where the node at {@code segments} holds {@code newValue}. */
    PrefixTrie<V> with(List<String> segments, V newValue) {
        return with(segments, 0, newValue);
    }

    /** A trie without a value at {@code segments}; nodes left with neither value nor children go too. */
    PrefixTrie<V> without(List<String> segments) {
        PrefixTrie<V> result = without(segments, 0);
        return result == null ? empty() : result;
    }

    /**
     * The value of the deepest node that holds one along {@code path}'s segments (leading and
     * trailing slashes ignored, as in {@link RoutePath#segments}), or null when none does.
     */
    V longestPrefix(String path) {
        PrefixTrie<V> node = this;
        V best = value;
        int start = RoutePath.firstNonSlash(path);
        int end = RoutePath.endWithoutSlashes(path);
        while (start < end) {
            int slash = path.indexOf('/', start);
            if (slash < 0 || slash > end) {
                slash = end;
            }
            node = node.children.get(path.substring(start, slash));
            if (node == null) {
                break;
            }
            if (node.value != null) {
                best = node.value;
            }
            start = slash + 1;
        }
        return best;
    }

    private PrefixTrie<V> with(List<String> segments, int depth, V newValue) {
        if (depth == segments.size()) {
            return new PrefixTrie<>(newValue, children);
        }
        String segment = segments.get(depth);
        PrefixTrie<V> child = children.getOrDefault(segment, empty());
        Map<String, PrefixTrie<V>> copy = new HashMap<>(children);
        copy.put(segment, child.with(segments, depth + 1, newValue));
        return new PrefixTrie<>(value, copy);
    }

    /** Null when the resulting node would be empty. */
    private PrefixTrie<V> without(List<String> segments, int depth) {
        if (depth == segments.size()) {
            return children.isEmpty() ? null : new PrefixTrie<>(null, children);
        }
        String segment = segments.get(depth);
        PrefixTrie<V> child = children.get(segment);
        if (child == null) {
            return this;
        }
        PrefixTrie<V> newChild = child.without(segments, depth + 1);
        Map<String, PrefixTrie<V>> copy = new HashMap<>(children);
        if (newChild == null) {
            copy.remove(segment);
        } else {
            copy.put(segment, newChild);
        }
        if (copy.isEmpty() && value == null) {
            return null;
        }
        return new PrefixTrie<>(value, copy);
    }
}
