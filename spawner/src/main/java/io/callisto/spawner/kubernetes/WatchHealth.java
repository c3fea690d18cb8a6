package io.callisto.spawner.kubernetes;

/**
 * How the spawner's watches are doing, for metrics: counts since the spawner was made.
 *
 * @param restarts        informers replaced because they stopped, stopped watching or went stale
 * @param staleDetections of those, watches found stale against a fresh list (silent deaths)
 * @param errors          watch and list errors the informers retried
 * @param watching        whether both watches are established now
 */
public record WatchHealth(long restarts, long staleDetections, long errors, boolean watching) {
}
