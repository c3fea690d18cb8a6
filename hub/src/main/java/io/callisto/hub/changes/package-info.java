/**
 * Keeping what the hub holds in memory true to PostgreSQL, across hub replicas.
 *
 * <p>Vocabulary: a <em>channel</em> is a PostgreSQL {@code NOTIFY} channel that triggers (migrations V5
 * and V7) announce changes on when their transaction commits; a <em>subscriber</em> keeps something in
 * memory and forgets what a notice on its channel makes stale; the <em>listener</em> is the one
 * connection per hub that listens on every subscriber's channel; a <em>barrier</em> lets a request
 * that wrote something wait until this hub has applied the notices of its own commit
 * (read-your-writes).
 */
package io.callisto.hub.changes;
