/**
 * Profiles: what users may choose when they start a server on Kubernetes (KubeSpawner's
 * {@code profile_list}), as configured under {@code callisto.spawner.kubernetes.profiles}.
 *
 * <p>Vocabulary: a <b>profile</b> ("Small", "GPU") has <b>options</b> ("Image"), each with listed
 * <b>choices</b> and perhaps a <b>free-text</b> value checked by a pattern. <b>User options</b> are
 * what a start request carries, the same from the spawn form and from the REST API:
 * {@code {"profile": "gpu", "image": "pytorch"}} or {@code {"image--unlisted-choice": "quay.io/..."}}.
 * They are validated here, before the server's record changes; the rules themselves are the
 * spawner's ({@link io.callisto.spawner.kubernetes.ProfileSelection}), so hub and spawner cannot disagree.
 */
package io.callisto.hub.profiles;
