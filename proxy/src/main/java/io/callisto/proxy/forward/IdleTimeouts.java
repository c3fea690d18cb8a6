package io.callisto.proxy.forward;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Closes the connections of one event loop, from clients and to targets, websockets included, that
 * carried no byte either way for {@code timeouts.idle}. The loop advances a clock of its own once a
 * second ({@link #tick}), so a connection marks activity with one field write ({@link #seen})
 * instead of reading the system clock on every read and write; the check, once a second, looks at
 * every open connection, so a connection closes between the limit and a second past it.
 *
 * <p>Used from its event loop only.
 */
final class IdleTimeouts {

    /** One watched connection. */
    static final class Watch {
        private final Channel channel;
        private int lastActive;

        private Watch(Channel channel) {
            this.channel = channel;
        }
    }

    private static final Logger LOG = Logger.getLogger(IdleTimeouts.class);

    private final Set<Watch> watched = new HashSet<>();
    private final int limitSeconds;
    private int now;

    /** @param limitMillis the idle timeout; 0 for none */
    IdleTimeouts(long limitMillis) {
        this.limitSeconds = limitMillis <= 0 ? 0 : (int) Math.max(1, (limitMillis + 999) / 1000);
    }

    /** Starts watching a connection that has just opened. */
    Watch watch(Channel channel) {
        Watch watch = new Watch(channel);
        watch.lastActive = now;
        if (limitSeconds > 0) {
            watched.add(watch);
        }
        return watch;
    }

    /** The connection read or wrote just now. */
    void seen(Watch watch) {
        watch.lastActive = now;
    }

    /** Stops watching a connection that has closed. */
    void forget(Watch watch) {
        watched.remove(watch);
    }

    /** Advances the clock by a second and closes the connections idle for the limit. */
    void tick() {
        now++;
        if (limitSeconds == 0 || watched.isEmpty()) {
            return;
        }
        List<Watch> idle = null;
        for (Watch connection : watched) {
            if (now - connection.lastActive > limitSeconds) {
                if (idle == null) {
                    idle = new ArrayList<>();
                }
                idle.add(connection);
            }
        }
        if (idle != null) {
            for (Watch connection : idle) {
                LOG.debugf("Closing %s: idle for %d s", connection.channel, limitSeconds);
                watched.remove(connection);
                connection.channel.close();
            }
        }
    }
}
