package io.callisto.spawner.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link KubernetesSpawner} builds and watches pods. Build with {@link #builder(String)}; the
 * record's constructor rejects what cannot work, with a message naming the setting, so a bad
 * configuration stops the hub at start-up.
 *
 * @param namespace                where pods live (unless {@link UserNamespaces} are enabled)
 * @param instance                 the value of {@code app.kubernetes.io/instance} on everything this
 *                                 hub creates: two hubs in one namespace must differ in it
 * @param image                    the default single-user image
 * @param imagePullPolicy          {@code IfNotPresent}, {@code Always} or {@code Never}
 * @param imagePullSecrets         names of Secrets for private registries
 * @param args                     the container's arguments; the image's entrypoint runs them
 * @param port                     the port the single-user server listens on in the pod
 * @param uid                      the user id the container runs as (never 0)
 * @param gid                      its group id
 * @param fsGroup                  the group that owns mounted volumes
 * @param serviceAccount           the pod's service account; empty for the namespace's default
 * @param mountServiceAccountToken whether the pod gets an API token (off: users' code needs none)
 * @param defaults                 overrides for every pod, before the profile's
 * @param podNameTemplate          e.g. {@code jupyter-{user_server}} (see {@link KubernetesNames})
 * @param addressing               how the proxy reaches a pod
 * @param clusterDomain            the cluster's DNS domain, for service addresses
 * @param storage                  the per-user volume claim
 * @param userNamespaces           namespaces per user, with quota and limits
 * @param profiles                 what users may choose in the spawn form; may be empty
 * @param timing                   timeouts and watch periods
 * @param apiConcurrency           starts that create their objects (claim, pod, Secret) at once, each
 *                                 one request after another; the others wait their turn, so that a storm
 *                                 of starts neither floods the API server nor opens a connection per start
 */
public record KubernetesSpawnerSettings(
        String namespace,
        String instance,
        String image,
        String imagePullPolicy,
        List<String> imagePullSecrets,
        List<String> args,
        int port,
        long uid,
        long gid,
        long fsGroup,
        Optional<String> serviceAccount,
        boolean mountServiceAccountToken,
        Overrides defaults,
        String podNameTemplate,
        Addressing addressing,
        String clusterDomain,
        Storage storage,
        UserNamespaces userNamespaces,
        List<Profile> profiles,
        Timing timing,
        int apiConcurrency) {

    /** How the proxy reaches a pod. */
    public enum Addressing {
        /** {@code http://<pod IP>:<port>}: nothing more to create. */
        POD_IP,
        /** A ClusterIP Service per pod, owned by it: {@code http://<service>.<namespace>.svc.<domain>:<port>}. */
        SERVICE
    }

    /**
     * The per-user volume claim: created on first start, reused by every later start and every server
     * of the user, never waited on to be Bound (the scheduler waits for the volume).
     *
     * @param enabled           whether pods get a claim at all
     * @param claimNameTemplate e.g. {@code claim-{user}}
     * @param storageClass      the claim's class; empty for the cluster's default
     * @param capacity          the requested size, e.g. {@code 10Gi}
     * @param accessModes       e.g. {@code [ReadWriteOnce]}
     * @param mountPath         where the single-user container sees it, e.g. {@code /home/jovyan}
     * @param deleteWithUser    delete the claim (and its data) when the hub deletes the user
     */
    public record Storage(boolean enabled, String claimNameTemplate, Optional<String> storageClass, String capacity,
            List<String> accessModes, String mountPath, boolean deleteWithUser) {

        public static final Storage NONE = new Storage(false, "claim-{user}", Optional.empty(), "10Gi",
                List.of("ReadWriteOnce"), "/home/jovyan", false);

        public Storage {
            KubernetesNames.requireValidTemplate(claimNameTemplate);
            Overrides.requireQuantity("storage capacity", capacity);
            accessModes = List.copyOf(accessModes);
            if (accessModes.isEmpty()) {
                throw new IllegalArgumentException("storage access modes are empty");
            }
            if (!mountPath.startsWith("/")) {
                throw new IllegalArgumentException("storage mount path '" + mountPath + "' is not absolute");
            }
        }
    }

    /**
     * A namespace per user, made on the user's first start with a ResourceQuota and a LimitRange.
     * Needs the hub to list and watch pods and events in all namespaces.
     *
     * @param enabled             whether users get namespaces of their own
     * @param nameTemplate        e.g. {@code callisto-{user}}
     * @param quota               the ResourceQuota's {@code hard} limits, e.g. {@code requests.cpu: 4}
     * @param limitDefault        the LimitRange's default container limits
     * @param limitDefaultRequest the LimitRange's default container requests
     * @param limitMax            the LimitRange's maximum per container
     */
    public record UserNamespaces(boolean enabled, String nameTemplate, Map<String, String> quota,
            Map<String, String> limitDefault, Map<String, String> limitDefaultRequest, Map<String, String> limitMax) {

        public static final UserNamespaces NONE = new UserNamespaces(false, "callisto-{user}", Map.of(), Map.of(), Map.of(), Map.of());

        public UserNamespaces {
            KubernetesNames.requireValidTemplate(nameTemplate);
            if (nameTemplate.contains(KubernetesNames.SERVER) || nameTemplate.contains(KubernetesNames.USER_SERVER)) {
                throw new IllegalArgumentException("namespace template '" + nameTemplate + "' may only name {user}");
            }
            quota = Map.copyOf(quota);
            limitDefault = Map.copyOf(limitDefault);
            limitDefaultRequest = Map.copyOf(limitDefaultRequest);
            limitMax = Map.copyOf(limitMax);
            quota.forEach((name, value) -> Overrides.requireQuantity("quota " + name, value));
            limitDefault.forEach((name, value) -> Overrides.requireQuantity("limit default " + name, value));
            limitDefaultRequest.forEach((name, value) -> Overrides.requireQuantity("limit default request " + name, value));
            limitMax.forEach((name, value) -> Overrides.requireQuantity("limit max " + name, value));
        }
    }

    /**
     * @param startTimeout         from asking for the pod to its running with an address
     * @param unschedulableGrace   how long an unschedulable pod may wait (for a cluster autoscaler)
     *                             before the start fails; zero fails at once
     * @param resync               how often informers replay their cache to the spawner
     * @param watchCheck           how often watches are checked: stopped, not watching, or stale
     *                             against a fresh list
     */
    public record Timing(Duration startTimeout, Duration unschedulableGrace, Duration resync, Duration watchCheck) {

        public static final Timing DEFAULT = new Timing(Duration.ofMinutes(5), Duration.ZERO, Duration.ofMinutes(10),
                Duration.ofSeconds(30));

        public Timing {
            requirePositive("start timeout", startTimeout);
            if (unschedulableGrace.isNegative()) {
                throw new IllegalArgumentException("unschedulable grace is negative");
            }
            requirePositive("resync", resync);
            requirePositive("watch check interval", watchCheck);
        }

        private static void requirePositive(String what, Duration value) {
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive, not " + value);
            }
        }
    }

    public KubernetesSpawnerSettings {
        if (!KubernetesNames.isDnsLabel(namespace)) {
            throw new IllegalArgumentException("namespace '" + namespace + "' is not a DNS label");
        }
        if (!KubernetesNames.isLabelValue(instance) || instance.isEmpty()) {
            throw new IllegalArgumentException("instance '" + instance + "' is not a label value");
        }
        if (image.isBlank()) {
            throw new IllegalArgumentException("image is blank");
        }
        if (!List.of("IfNotPresent", "Always", "Never").contains(imagePullPolicy)) {
            throw new IllegalArgumentException("image pull policy '" + imagePullPolicy + "' is not IfNotPresent, Always or Never");
        }
        imagePullSecrets = List.copyOf(imagePullSecrets);
        args = List.copyOf(args);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not a port");
        }
        if (uid <= 0) {
            throw new IllegalArgumentException("uid " + uid + ": single-user servers do not run as root");
        }
        Objects.requireNonNull(serviceAccount, "serviceAccount");
        Objects.requireNonNull(defaults, "defaults");
        KubernetesNames.requireValidTemplate(podNameTemplate);
        if (addressing == Addressing.SERVICE && !Character.isLetter(podNameTemplate.charAt(0))) {
            throw new IllegalArgumentException("pod name template '" + podNameTemplate
                    + "' must start with a letter when pods get services (service names do)");
        }
        Objects.requireNonNull(clusterDomain, "clusterDomain");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(userNamespaces, "userNamespaces");
        profiles = Profile.validList(profiles);
        Objects.requireNonNull(timing, "timing");
        if (apiConcurrency < 1) {
            throw new IllegalArgumentException("API concurrency must be at least 1, not " + apiConcurrency);
        }
    }

    public static Builder builder(String namespace) {
        return new Builder(namespace);
    }

    /** Builds settings from defaults: KubeSpawner's where it has one. */
    public static final class Builder {
        private final String namespace;
        private String instance = "callisto";
        private String image = "quay.io/jupyter/base-notebook:latest";
        private String imagePullPolicy = "IfNotPresent";
        private List<String> imagePullSecrets = List.of();
        private List<String> args = List.of("jupyterhub-singleuser");
        private int port = 8888;
        private long uid = 1000;
        private long gid = 100;
        private long fsGroup = 100;
        private String serviceAccount;
        private boolean mountServiceAccountToken;
        private Overrides defaults = Overrides.NONE;
        private String podNameTemplate = "jupyter-{user_server}";
        private Addressing addressing = Addressing.POD_IP;
        private String clusterDomain = "cluster.local";
        private Storage storage = Storage.NONE;
        private UserNamespaces userNamespaces = UserNamespaces.NONE;
        private List<Profile> profiles = List.of();
        private Timing timing = Timing.DEFAULT;
        private int apiConcurrency = 16;

        private Builder(String namespace) {
            this.namespace = namespace;
        }

        public Builder instance(String value) {
            instance = value;
            return this;
        }

        public Builder image(String value, String pullPolicy, List<String> pullSecrets) {
            image = value;
            imagePullPolicy = pullPolicy;
            imagePullSecrets = pullSecrets;
            return this;
        }

        public Builder args(List<String> value) {
            args = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder user(long uidValue, long gidValue, long fsGroupValue) {
            uid = uidValue;
            gid = gidValue;
            fsGroup = fsGroupValue;
            return this;
        }

        public Builder serviceAccount(String name, boolean mountToken) {
            serviceAccount = name;
            mountServiceAccountToken = mountToken;
            return this;
        }

        public Builder defaults(Overrides value) {
            defaults = value;
            return this;
        }

        public Builder podNameTemplate(String value) {
            podNameTemplate = value;
            return this;
        }

        public Builder addressing(Addressing value, String domain) {
            addressing = value;
            clusterDomain = domain;
            return this;
        }

        public Builder storage(Storage value) {
            storage = value;
            return this;
        }

        public Builder userNamespaces(UserNamespaces value) {
            userNamespaces = value;
            return this;
        }

        public Builder profiles(List<Profile> value) {
            profiles = value;
            return this;
        }

        public Builder timing(Timing value) {
            timing = value;
            return this;
        }

        public Builder apiConcurrency(int value) {
            apiConcurrency = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that cannot work */
        public KubernetesSpawnerSettings build() {
            return new KubernetesSpawnerSettings(namespace, instance, image, imagePullPolicy, imagePullSecrets, args, port,
                    uid, gid, fsGroup, Optional.ofNullable(serviceAccount), mountServiceAccountToken, defaults,
                    podNameTemplate, addressing, clusterDomain, storage, userNamespaces, profiles, timing, apiConcurrency);
        }
    }
}
