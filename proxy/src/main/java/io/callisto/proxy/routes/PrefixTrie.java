package io.callisto.proxy.routes;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A trie over path segments that request threads read without locking while one writer at a time
 * changes it in place. A lookup costs the number of segments in the request path, whatever the
 * number of routes; a change costs the depth of its path, so adding 10,000 routes under
 * {@code /user/} costs 10,000 small changes, not 10,000 copies of a growing table.
 *
 * <p>Every change is one volatile write of one node's value (new nodes are linked in before their
 * value is set; emptied nodes are unlinked after it is cleared), so a concurrent lookup sees each
 * route either whole or not at all, and then falls back to the next shorter one, as it would just
 * before or after the change.
 *
 * <p>Writers must be serialised by the caller ({@link RouteTable} changes it under its lock).
 */
final class PrefixTrie<V> {

    private static final class Node<V> {
        volatile V value;
        /** Null until the node has a child. */
        volatile ConcurrentHashMap<String, Node<V>> children;
    }

    private final Node<V> root = new Node<>();

    /** Sets the value at {@code segments}, creating the nodes on the way. Writers only. */
    void put(List<String> segments, V value) {
        Node<V> node = root;
        for (String segment : segments) {
            ConcurrentHashMap<String, Node<V>> children = node.children;
            if (children == null) {
                children = new ConcurrentHashMap<>(4);
                node.children = children;
            }
            node = children.computeIfAbsent(segment, s -> new Node<>());
        }
        node.value = value;
    }

    /** Clears the value at {@code segments} and unlinks the nodes left with neither value nor children. Writers only. */
    void remove(List<String> segments) {
        remove(root, segments, 0);
    }

    /** Whether {@code node} is now empty, so its parent may unlink it. */
    private boolean remove(Node<V> node, List<String> segments, int depth) {
        if (depth == segments.size()) {
            node.value = null;
        } else {
            ConcurrentHashMap<String, Node<V>> children = node.children;
            Node<V> child = children == null ? null : children.get(segments.get(depth));
            if (child == null) {
                return false;
            }
            if (remove(child, segments, depth + 1)) {
                children.remove(segments.get(depth));
            }
        }
        ConcurrentHashMap<String, Node<V>> children = node.children;
        return node != root && node.value == null && (children == null || children.isEmpty());
    }

    /**
     * The value of the deepest node that holds one along {@code path}'s segments (leading and
     * trailing slashes ignored, as in {@link RoutePath#segments}), or null when none does.
     */
    V longestPrefix(String path) {
        Node<V> node = root;
        V best = node.value;
        int start = RoutePath.firstNonSlash(path);
        int end = RoutePath.endWithoutSlashes(path);
        while (start < end) {
            ConcurrentHashMap<String, Node<V>> children = node.children;
            if (children == null) {
                break;
            }
            int slash = path.indexOf('/', start);
            if (slash < 0 || slash > end) {
                slash = end;
            }
            node = children.get(path.substring(start, slash));
            if (node == null) {
                break;
            }
            V value = node.value;
            if (value != null) {
                best = value;
            }
            start = slash + 1;
        }
        return best;
    }
}
