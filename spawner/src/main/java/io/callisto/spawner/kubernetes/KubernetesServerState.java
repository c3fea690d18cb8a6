package io.callisto.spawner.kubernetes;

import io.callisto.spawner.api.ServerState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link KubernetesSpawner} records about one server, and its form as a {@link ServerState}.
 * The pod's uid tells the recorded pod from a later one of the same name.
 *
 * @param namespace the pod's namespace
 * @param pod       the pod's name
 * @param uid       the pod's uid, assigned by the API server
 * @param secret    the name of the Secret with the server's token
 * @param service   the name of the pod's Service, when it has one
 */
record KubernetesServerState(String namespace, String pod, String uid, String secret, Optional<String> service) {

    private static final String KIND = "kind";
    private static final String KUBERNETES = "kubernetes";
    private static final String NAMESPACE = "namespace";
    private static final String POD = "pod";
    private static final String UID = "uid";
    private static final String SECRET = "secret";
    private static final String SERVICE = "service";

    KubernetesServerState {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(service, "service");
    }

    ServerState toServerState() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(KIND, KUBERNETES);
        values.put(NAMESPACE, namespace);
        values.put(POD, pod);
        values.put(UID, uid);
        values.put(SECRET, secret);
        service.ifPresent(name -> values.put(SERVICE, name));
        return new ServerState(values);
    }

    /** The key of the pod in an informer's cache. */
    String key() {
        return namespace + "/" + pod;
    }

    /** The recorded server, or empty for a state this spawner did not write (empty, another kind's, damaged). */
    static Optional<KubernetesServerState> from(ServerState state) {
        Map<String, String> values = state.values();
        if (!KUBERNETES.equals(values.get(KIND)) || !values.keySet().containsAll(List.of(NAMESPACE, POD, UID, SECRET))) {
            return Optional.empty();
        }
        return Optional.of(new KubernetesServerState(values.get(NAMESPACE), values.get(POD), values.get(UID),
                values.get(SECRET), Optional.ofNullable(values.get(SERVICE))));
    }
}
