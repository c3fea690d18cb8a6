package io.callisto.hub.auth;

import io.callisto.hub.changes.ChangeAwareCache;
import io.callisto.hub.config.HubConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identities of recently used API tokens, by token hash, so that a request with a known token
 * costs no database round trip. An entry is trusted only while nothing that could change it has
 * happened: every change to tokens, users' admin flags, roles, groups or services anywhere (this hub
 * or another replica) is announced by PostgreSQL on {@code callisto_auth} (migration V5) and empties
 * the cache; a write request on this hub waits for its own announcements before its answer is sent
 * ({@link io.callisto.hub.changes.LocalChangesFilter}). While the hub is not listening for those
 * announcements the cache holds nothing. The time-to-live
 * ({@code callisto.api.token-cache-ttl}) bounds how long an entry lives even so.
 */
@ApplicationScoped
public class IdentityCache extends ChangeAwareCache {

    /** A token's identity, how long it may be reused, and when the token's use was last written. */
    public static final class Entry {
        private final Identity identity;
        private final long tokenId;
        private final Long userId;
        private final Instant until;
        private volatile Instant useRecorded;

        public Entry(Identity identity, long tokenId, Long userId, Instant until, Instant useRecorded) {
            this.identity = identity;
            this.tokenId = tokenId;
            this.userId = userId;
            this.until = until;
            this.useRecorded = useRecorded;
        }

        public Identity identity() {
            return identity;
        }

        public long tokenId() {
            return tokenId;
        }

        /** The owning user's id, or null for a service's token. */
        public Long userId() {
            return userId;
        }

        public Instant useRecorded() {
            return useRecorded;
        }

        public void useRecorded(Instant when) {
            useRecorded = when;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Inject
    HubConfig config;

    /** The live entry for this token hash, or null. */
    public Entry get(String hash, Instant now) {
        if (!trusted()) {
            return null;
        }
        Entry entry = entries.get(hash);
        if (entry != null && !now.isBefore(entry.until)) {
            entries.remove(hash, entry);
            return null;
        }
        return entry;
    }

    /** Keeps an entry loaded since {@code generation}, unless something changed since then. */
    public void put(String hash, Entry entry, long generationBeforeLoad) {
        if (!trusted() || config.api().tokenCacheTtl().isZero()) {
            return;
        }
        if (entries.size() >= config.api().tokenCacheSize()) {
            entries.clear();
        }
        entries.put(hash, entry);
        if (changedSince(generationBeforeLoad)) {
            entries.remove(hash, entry);
        }
    }

    /** When an entry loaded now must be read again at the latest. */
    public Instant until(Instant now, Instant tokenExpiry) {
        Instant byTtl = now.plus(config.api().tokenCacheTtl());
        return tokenExpiry != null && tokenExpiry.isBefore(byTtl) ? tokenExpiry : byTtl;
    }

    @Override
    public String channel() {
        return "callisto_auth";
    }

    /** Any announced change may change identities: forget them all. */
    @Override
    public void changed(String table) {
        forgetAll();
    }

    @Override
    protected void clear() {
        entries.clear();
    }
}
