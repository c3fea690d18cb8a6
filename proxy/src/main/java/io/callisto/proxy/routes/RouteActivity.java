package io.callisto.proxy.routes;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What traffic does to one route path: when it last passed, and how many websockets are open.
 * It survives replacing the route's target (a re-POST), so a restarted server's open websockets
 * still count against the limit.
 */
public final class RouteActivity {

    private volatile long lastActivityMillis;
    private final AtomicInteger openWebsockets = new AtomicInteger();

    RouteActivity(long nowMillis) {
        this.lastActivityMillis = nowMillis;
    }

    /** Epoch milliseconds of the last traffic, or of the route's creation. */
    public long lastActivityMillis() {
        return lastActivityMillis;
    }

    /**
     * Records traffic now. Called per request and per websocket read; it reads the clock and
     * writes only when the millisecond has moved on. Racing callers may each write; all write "now".
     */
    public void touch() {
        long now = System.currentTimeMillis();
        if (now > lastActivityMillis) {
            lastActivityMillis = now;
        }
    }

    void touch(long nowMillis) {
        lastActivityMillis = nowMillis;
    }

    /** Counts one more open websocket unless {@code limit} are open already; false then. */
    public boolean tryOpenWebsocket(int limit) {
        while (true) {
            int open = openWebsockets.get();
            if (open >= limit) {
                return false;
            }
            if (openWebsockets.compareAndSet(open, open + 1)) {
                return true;
            }
        }
    }

    /** Releases a websocket counted by {@link #tryOpenWebsocket}. */
    public void closeWebsocket() {
        openWebsockets.decrementAndGet();
    }

    public int openWebsockets() {
        return openWebsockets.get();
    }
}
