package io.callisto.hub.users;

import io.callisto.hub.changes.ChangeAwareCache;
import io.callisto.hub.config.HubConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recently read {@link UserView}s, by id and by name, so that reading a user again costs no database
 * round trip. A view is dropped when PostgreSQL announces on {@code callisto_users} (migration V7)
 * that its user, their servers, groups, roles or course roles changed, whichever replica changed them;
 * a write request on this hub waits for its own announcements before it is answered
 * ({@link io.callisto.hub.changes.LocalChangesFilter}). While the hub is not listening, nothing is
 * kept. At most {@code callisto.api.user-cache-size} views are kept.
 */
@ApplicationScoped
public class UserCache extends ChangeAwareCache {

    private final Map<Long, UserView> byId = new ConcurrentHashMap<>();
    /** Name to id, a hint only: a view counts for a name only if it has that name. */
    private final Map<String, Long> ids = new ConcurrentHashMap<>();

    @Inject
    HubConfig config;

    /** The kept view of the user with this normalised name, or null. */
    public UserView byName(String name) {
        Long id = trusted() ? ids.get(name) : null;
        UserView view = id == null ? null : byId.get(id);
        return view != null && view.name().equals(name) ? view : null;
    }

    /** The kept view of the user with this id, or null. */
    public UserView byId(long id) {
        return trusted() ? byId.get(id) : null;
    }

    /** Keeps a view loaded since {@code generationBeforeLoad}, unless something changed since then. */
    public void put(UserView view, long generationBeforeLoad) {
        int size = config.api().userCacheSize();
        if (!trusted() || size <= 0) {
            return;
        }
        Iterator<UserView> evict = byId.values().iterator();
        while (byId.size() >= size && evict.hasNext()) {
            remove(evict.next());
        }
        if (ids.size() > 2 * size) {
            ids.clear();
        }
        byId.put(view.id(), view);
        ids.put(view.name(), view.id());
        if (changedSince(generationBeforeLoad)) {
            remove(view);
        }
    }

    /** How many views are kept. */
    public int size() {
        return byId.size();
    }

    @Override
    public String channel() {
        return "callisto_users";
    }

    /** @param userId the changed user's id, or {@code *} for any user */
    @Override
    public void changed(String userId) {
        if ("*".equals(userId)) {
            forgetAll();
            return;
        }
        changeSeen();
        UserView view = byId.remove(Long.parseLong(userId));
        if (view != null) {
            ids.remove(view.name(), view.id());
        }
    }

    @Override
    protected void clear() {
        byId.clear();
        ids.clear();
    }

    private void remove(UserView view) {
        if (byId.remove(view.id(), view)) {
            ids.remove(view.name(), view.id());
        }
    }
}
