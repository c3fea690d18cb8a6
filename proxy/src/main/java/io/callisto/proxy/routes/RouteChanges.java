package io.callisto.proxy.routes;

import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The log of route changes: each change at DEBUG, and at INFO one line per
 * {@link #SUMMARY_EVERY_MILLIS} that had changes, with the counts. A hub registering thousands of
 * routes a second would otherwise spend more on its proxy's log than on the changes themselves.
 * Counted from the API listener's event loops.
 */
@Singleton
public class RouteChanges {

    /** How often the INFO summary is written, when there were changes. */
    public static final long SUMMARY_EVERY_MILLIS = 10_000;
    private static final Logger LOG = Logger.getLogger(RouteChanges.class);

    private final AtomicInteger added = new AtomicInteger();
    private final AtomicInteger removed = new AtomicInteger();

    void added(String path, Target target) {
        added.incrementAndGet();
        LOG.debugf("Route added %s -> %s", path, target.url());
    }

    void removed(String path) {
        removed.incrementAndGet();
        LOG.debugf("Route removed %s", path);
    }

    /** Writes the INFO line for the changes since the last one, if any. */
    public void summarise(int routes) {
        int addedNow = added.getAndSet(0);
        int removedNow = removed.getAndSet(0);
        if (addedNow > 0 || removedNow > 0) {
            LOG.infof("Routes: %d added or replaced, %d removed; %d in the table", addedNow, removedNow, routes);
        }
    }
}
