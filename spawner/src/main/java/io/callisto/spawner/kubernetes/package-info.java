/**
 * The Kubernetes spawner: each single-user server is a pod, as with KubeSpawner, started and
 * watched through the fabric8 client. The production default (see the Helm chart).
 *
 * <p>Vocabulary:
 * <ul>
 *   <li><b>slug</b>: a user or server name made safe for Kubernetes names and labels
 *       ({@link io.callisto.spawner.kubernetes.KubernetesNames}, the one place with naming rules);</li>
 *   <li><b>server objects</b>: a server's pod, the Secret with its token and, when pods are
 *       addressed by Service, its Service; the Secret and Service are <b>owned</b> by the pod
 *       (owner references), so they go with it;</li>
 *   <li><b>user objects</b>: what a user keeps across servers and restarts: the volume
 *       <b>claim</b> and, optionally, a <b>namespace</b> of their own with a ResourceQuota and a
 *       LimitRange ({@link io.callisto.spawner.kubernetes.UserObjects});</li>
 *   <li><b>profile</b>: an entry of the spawn form with <b>options</b> and <b>choices</b>, each
 *       carrying <b>overrides</b> of the pod ({@link io.callisto.spawner.kubernetes.Profile},
 *       {@link io.callisto.spawner.kubernetes.ProfileSelection});</li>
 *   <li><b>desired state</b>: the objects the spawner asks for, built by pure functions
 *       ({@link io.callisto.spawner.kubernetes.PodFactory#desired}, {@code PodCompanions},
 *       {@code UserObjects}) apart from the code that talks to the API;</li>
 *   <li><b>ours</b>: labelled {@code app.kubernetes.io/managed-by=callisto} with this hub's
 *       {@code app.kubernetes.io/instance}; the raw user and server names are annotations.</li>
 * </ul>
 *
 * <p>The contract, beyond the SPI's:
 * <ul>
 *   <li>one shared informer per kind (pods, events) and scope serves every start, poll and stop;
 *       a watch that stops, stops watching, or goes silently stale is restarted with backoff,
 *       logged and counted ({@link io.callisto.spawner.kubernetes.WatchHealth});</li>
 *   <li>a start fails at once, with the cluster's own message, when the API server refuses (403,
 *       e.g. an exceeded quota), the image cannot be pulled, the pod cannot be scheduled, or the
 *       container crashes; connection failures and 5xx answers are retried until the start timeout;</li>
 *   <li>a poll answers from the cache and never calls a server stopped while the cache is not
 *       listed: the hub deletes what it believes stopped;</li>
 *   <li>the state ({@code namespace}, {@code pod}, {@code uid}) is all a new spawner needs to adopt
 *       a running pod after a hub restart; {@code removeOrphans} deletes our pods no record names.</li>
 * </ul>
 *
 * <p>This package holds no Quarkus type; {@code spawner.api} holds no fabric8 type.
 */
package io.callisto.spawner.kubernetes;
