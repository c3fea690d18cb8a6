package io.callisto.spawner.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The names, labels and annotations of one server's Kubernetes objects, derived from its user and
 * server name by {@link KubernetesNames}' rules.
 *
 * @param namespace   where they live
 * @param pod         the pod's name; also the Service's, when pods get one
 * @param secret      the name of the Secret with the server's token
 * @param claim       the user's volume claim, when storage is enabled
 * @param labels      on the pod, its Secret and Service: {@link #selectorOf ours} plus user and server
 * @param annotations the raw user and server names, which labels cannot hold
 */
public record ServerObjects(
        String namespace,
        String pod,
        String secret,
        Optional<String> claim,
        Map<String, String> labels,
        Map<String, String> annotations) {

    public static final String NAME = "app.kubernetes.io/name";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String USER = "hub.callisto.io/user";
    public static final String SERVER = "hub.callisto.io/server";
    public static final String USER_NAME = "hub.callisto.io/username";
    public static final String SERVER_NAME = "hub.callisto.io/servername";
    static final String SERVER_COMPONENT = "singleuser-server";

    public ServerObjects {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public static ServerObjects of(KubernetesSpawnerSettings settings, String user, String server) {
        String namespace = namespaceOf(settings, user);
        String pod = KubernetesNames.fromTemplate(settings.podNameTemplate(), user, server);
        Map<String, String> labels = new LinkedHashMap<>(selectorOf(settings.instance(), SERVER_COMPONENT));
        labels.put(USER, KubernetesNames.labelValue(user));
        labels.put(SERVER, KubernetesNames.labelValue(server));
        Optional<String> claim = settings.storage().enabled()
                ? Optional.of(KubernetesNames.fromTemplate(settings.storage().claimNameTemplate(), user, server))
                : Optional.empty();
        return new ServerObjects(namespace, pod, KubernetesNames.fit(pod + "-token"), claim, labels,
                Map.of(USER_NAME, user, SERVER_NAME, server));
    }

    /** The namespace of a user's servers: the configured one, or the user's own. */
    public static String namespaceOf(KubernetesSpawnerSettings settings, String user) {
        return settings.userNamespaces().enabled()
                ? KubernetesNames.fromTemplate(settings.userNamespaces().nameTemplate(), user, "")
                : settings.namespace();
    }

    /** The labels that mark an object as this hub's: name, managed-by, instance and component. */
    public static Map<String, String> selectorOf(String instance, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, "callisto");
        labels.put(MANAGED_BY, "callisto");
        labels.put(INSTANCE, instance);
        labels.put(COMPONENT, component);
        return labels;
    }

    /** The labels of a user's own objects (claim, namespace): ours, with the user. */
    static Map<String, String> userLabels(String instance, String component, String user) {
        Map<String, String> labels = selectorOf(instance, component);
        labels.put(USER, KubernetesNames.labelValue(user));
        return labels;
    }
}
