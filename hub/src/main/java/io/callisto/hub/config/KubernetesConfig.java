package io.callisto.hub.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes spawner ({@code callisto.spawner.kind=kubernetes}), under
 * {@code callisto.spawner.kubernetes.}: one pod per server, started through the cluster's API with the
 * hub's service account (or {@code quarkus.kubernetes-client.*} outside a cluster). The pod-wide
 * keys of {@link PodOverridesConfig} ({@code cpu-limit}, {@code tolerations}, ...) apply to every pod;
 * profiles and their choices change them further. Keys holding Kubernetes objects (tolerations,
 * affinity, volumes, volume mounts, init containers) take YAML or JSON, as in a manifest.
 */
public interface KubernetesConfig extends PodOverridesConfig {

    /** The namespace of the pods; default: the hub's own namespace (from its service account), else {@code default}. */
    Optional<String> namespace();

    /**
     * The value of the {@code app.kubernetes.io/instance} label on everything this hub creates: the
     * hub watches, adopts and removes only pods with it. Two hubs sharing a namespace must differ in it.
     */
    @WithDefault("callisto")
    String instance();

    /** The default single-user image; it must run {@code jupyterhub-singleuser} (every Jupyter docker-stacks image does). */
    @WithDefault("quay.io/jupyter/base-notebook:latest")
    String image();

    /** {@code IfNotPresent}, {@code Always} or {@code Never}. */
    @WithName("image-pull-policy")
    @WithDefault("IfNotPresent")
    String imagePullPolicy();

    /** Secrets (in the pods' namespace) with credentials for private registries, comma-separated. */
    @WithName("image-pull-secrets")
    Optional<List<String>> imagePullSecrets();

    /** The container's arguments (comma-separated); the image's entrypoint runs them. */
    @WithDefault("jupyterhub-singleuser")
    List<String> args();

    /** The port the single-user server listens on inside its pod. */
    @WithDefault("8888")
    int port();

    /** The user id the container runs as; never 0 (pods run as non-root). */
    @WithDefault("1000")
    long uid();

    /** The group id the container runs as. */
    @WithDefault("100")
    long gid();

    /** The group that owns mounted volumes, so the user can write to them. */
    @WithName("fs-group")
    @WithDefault("100")
    long fsGroup();

    /** The pods' service account; default: the namespace's {@code default}. */
    @WithName("service-account")
    Optional<String> serviceAccount();

    /** Whether pods get an API token of their service account; off, as users' code needs none. */
    @WithName("mount-service-account-token")
    @WithDefault("false")
    boolean mountServiceAccountToken();

    /** The pods' names: {@code {user}}, {@code {server}} and {@code {user_server}} are the safe forms of the names. */
    @WithName("pod-name-template")
    @WithDefault("jupyter-{user_server}")
    String podNameTemplate();

    /** How the proxy reaches a pod: {@code pod-ip}, or {@code service} (a ClusterIP Service per pod). */
    @WithDefault("pod-ip")
    String addressing();

    /** The cluster's DNS domain, for {@code service} addresses. */
    @WithName("cluster-domain")
    @WithDefault("cluster.local")
    String clusterDomain();

    /** How long a pod may take to run with an address (image pulls included); the HTTP check follows. */
    @WithName("start-timeout")
    @WithDefault("PT5M")
    Duration startTimeout();

    /**
     * Starts that create their Kubernetes objects (volume claim, pod, its Secret) at once, each making
     * its requests one after another; further starts wait their turn, in order. A storm of starts then
     * reuses a few connections instead of opening one per start, does not flood the API server into
     * timeouts, and each pod's Secret follows the pod at once. Waiting for pods to run, stops and polls
     * are not limited.
     */
    @WithName("api-concurrency")
    @WithDefault("16")
    int apiConcurrency();

    /**
     * How long a pod that no node can take may wait (for a cluster autoscaler to add one) before the
     * start fails; {@code PT0S} fails it at once.
     */
    @WithName("unschedulable-grace")
    @WithDefault("PT0S")
    Duration unschedulableGrace();

    /** How often the shared watches replay their cache. */
    @WithDefault("PT10M")
    Duration resync();

    /** How often the shared watches are checked (stopped, not watching, or stale against a fresh list). */
    @WithName("watch-check-interval")
    @WithDefault("PT30S")
    Duration watchCheckInterval();

    /** How long the hub waits at start-up for the first list of pods before it adopts servers. */
    @WithName("sync-timeout")
    @WithDefault("PT30S")
    Duration syncTimeout();

    Storage storage();

    @WithName("user-namespaces")
    UserNamespaces userNamespaces();

    /**
     * The spawn form's profiles, in order: {@code profiles[0].slug}, {@code profiles[0].display-name},
     * ... (see {@link Profile}). None: users choose nothing, and user options are ignored.
     */
    Optional<List<Profile>> profiles();

    /** An entry of the spawn form (KubeSpawner's {@code profile_list} item); its keys are also its {@link PodOverridesConfig.Overrides}. */
    interface Profile extends PodOverridesConfig.Overrides {
        /** What the user option {@code profile} calls it: lower-case letters, digits, {@code -} and {@code _}. */
        String slug();

        /** The title in the form. */
        @WithName("display-name")
        String displayName();

        /** A sentence under the title. */
        Optional<String> description();

        /** Chosen when the user names none (else the first profile is). */
        @WithName("default")
        @WithDefault("false")
        boolean isDefault();

        /** Further choices within the profile, in form order: {@code options[0].name=image}, ... */
        Optional<List<Option>> options();
    }

    /** A choice within a profile (KubeSpawner's {@code profile_options}). */
    interface Option {
        /** The user option's name, e.g. {@code image}; not {@code profile}. */
        String name();

        /** The label in the form. */
        @WithName("display-name")
        String displayName();

        /** The listed choices: {@code choices[0].slug=scipy}, {@code choices[0].image=...}. */
        Optional<List<Choice>> choices();

        /** A value the user may type instead ("Other…"), checked against a pattern. */
        @WithName("free-text")
        Optional<FreeText> freeText();
    }

    /** A listed choice; its keys are also its {@link PodOverridesConfig.Overrides}. */
    interface Choice extends PodOverridesConfig.Overrides {
        String slug();

        @WithName("display-name")
        String displayName();

        /** Taken when the user names no choice (else the first is). */
        @WithName("default")
        @WithDefault("false")
        boolean isDefault();
    }

    /**
     * A typed value (KubeSpawner's {@code unlisted_choice}). Its overrides may use {@code {value}}
     * in the image and in environment values: {@code free-text.image={value}}.
     */
    interface FreeText extends PodOverridesConfig.Overrides {
        /** The label of the text field. */
        @WithName("display-name")
        @WithDefault("Other")
        String displayName();

        /** A Java regular expression the whole value must match, e.g. {@code quay\.io/jupyter/.+}. */
        String pattern();
    }

    /** The per-user volume claim. */
    interface Storage {
        /** Whether pods get the user's claim mounted; off by default. */
        @WithDefault("false")
        boolean enabled();

        /** The claim's name; {@code {user}} is the user's safe name. */
        @WithName("claim-name-template")
        @WithDefault("claim-{user}")
        String claimNameTemplate();

        /** The claim's storage class; default: the cluster's default class. */
        @WithName("storage-class")
        Optional<String> storageClass();

        /** The requested size. */
        @WithDefault("10Gi")
        String capacity();

        /** The access modes, comma-separated. */
        @WithName("access-modes")
        @WithDefault("ReadWriteOnce")
        List<String> accessModes();

        /** Where the single-user container sees it: the image's home. */
        @WithName("mount-path")
        @WithDefault("/home/jovyan")
        String mountPath();

        /** Delete the claim, and its data, when the user is deleted (with per-user namespaces, the namespace too). */
        @WithName("delete-with-user")
        @WithDefault("false")
        boolean deleteWithUser();
    }

    /** Namespaces per user, each with a ResourceQuota and a LimitRange. Needs cluster-wide RBAC for pods and events. */
    interface UserNamespaces {
        /** Whether users get namespaces of their own; off by default. */
        @WithDefault("false")
        boolean enabled();

        /** The namespace's name; {@code {user}} is the user's safe name. */
        @WithName("name-template")
        @WithDefault("callisto-{user}")
        String nameTemplate();

        /** The ResourceQuota's hard limits: {@code quota."requests.cpu"=4}, {@code quota.pods=3}. */
        Map<String, String> quota();

        /** The LimitRange's default container limits: {@code limit-default.memory=2Gi}. */
        @WithName("limit-default")
        Map<String, String> limitDefault();

        /** The LimitRange's default container requests. */
        @WithName("limit-default-request")
        Map<String, String> limitDefaultRequest();

        /** The LimitRange's maximum per container. */
        @WithName("limit-max")
        Map<String, String> limitMax();
    }
}
