package io.callisto.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.HttpURLConnection;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * fabric8's CRUD dispatcher with an index by object name: it finds an object by name (on create,
 * update, patch and get) by scanning every object it holds, which made each request of a
 * 1000-user storm cost the mock cluster more than the hub. The store, its answers and its watches
 * are fabric8's own; the index only narrows the scan to the objects of that name.
 *
 * <p>The index follows every change the store makes ({@link #processEvent}), recomputing the key
 * the store filed the object under. Should that ever differ from fabric8's own (a new version
 * extracting other attributes), the index turns itself off and every lookup scans again:
 * {@link #indexed()} tells the tests.
 */
final class NamedCrudDispatcher extends KubernetesCrudDispatcher {

    private final Map<Attribute, Set<AttributeSet>> byName = new ConcurrentHashMap<>();
    private volatile boolean indexed = true;

    /** Whether lookups by name still use the index (false once it lost track of the store). */
    boolean indexed() {
        return indexed;
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        Attribute name = nameOf(query);
        if (!indexed || name == null || name.getType() != AttributeType.WITH) {
            return super.findResource(query);
        }
        for (AttributeSet key : byName.getOrDefault(name, Set.of())) {
            String value = key.matches(query) ? map.get(key) : null;
            if (value != null) {
                return new AbstractMap.SimpleImmutableEntry<>(key, value);
            }
        }
        return null;
    }

    /**
     * A get of one object by name from the index; anything else, and a name it does not find,
     * goes to fabric8's scan (under its lock, so that an object being replaced is not missed).
     */
    @Override
    public MockResponse handleGet(String path) {
        if (!path.contains("watch=true")) {
            AttributeSet query = getKey(path);
            if (nameOf(query) != null) {
                Map.Entry<AttributeSet, String> found = findResource(query);
                if (found != null) {
                    return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(found.getValue());
                }
            }
        }
        return super.handleGet(path);
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newState) {
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        if (oldAttributes != null && !map.containsKey(oldAttributes)) {
            forget(oldAttributes);
        }
        if (newState != null) {
            AttributeSet filed = storeKey(pathAttributes, resource, newState);
            if (map.containsKey(filed)) {
                remember(filed);
            } else {
                indexed = false;
            }
        }
    }

    /** The key fabric8's store files an object under, computed as {@code KubernetesCrudDispatcher.processEvent} does. */
    private AttributeSet storeKey(AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
        KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
        AttributeSet key = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
        return key.containsKey(KubernetesAttributesExtractor.PLURAL) ? key : AttributeSet.merge(pathAttributes, key);
    }

    private void remember(AttributeSet key) {
        Attribute name = nameOf(key);
        if (name == null) {
            indexed = false;
            return;
        }
        byName.computeIfAbsent(name, any -> ConcurrentHashMap.newKeySet()).add(key);
    }

    private void forget(AttributeSet key) {
        Attribute name = nameOf(key);
        if (name != null) {
            byName.computeIfPresent(name, (any, keys) -> {
                keys.remove(key);
                return keys.isEmpty() ? null : keys;
            });
        }
    }

    private static Attribute nameOf(AttributeSet attributes) {
        return attributes.getAttribute(KubernetesAttributesExtractor.NAME);
    }
}
