package io.callisto.proxy.forward;

/**
 * Waits of one event loop that share one limit, oldest first: exchanges that have sent their
 * request and wait for the target to start answering ({@code timeouts.response}), client
 * connections that wait for a request head ({@code timeouts.header}). Every wait on one instance
 * has the same limit, so appending keeps the list ordered by deadline and a check only looks at
 * its head. The waiters are the list's own nodes: starting and ending a wait allocates nothing and
 * costs O(1), where a timer per wait would cost a scheduled task, a map entry and a cancellation.
 * A periodic check every {@link #checkEveryMillis} fires the waits whose deadline has passed, so a
 * wait may last up to one check interval longer than the limit.
 *
 * <p>Used from its event loop only; nothing here is synchronised.
 */
final class Deadlines {

    /** A wait that can time out: the exchange or connection itself. */
    abstract static class Waiter {
        private Waiter previous;
        private Waiter next;
        private long deadlineNanos;
        private boolean waiting;

        final boolean isWaiting() {
            return waiting;
        }

        /** The deadline passed; the waiter is already off the list. */
        abstract void deadlinePassed();
    }

    private final long limitNanos;
    private Waiter head;
    private Waiter tail;

    Deadlines(long limitMillis) {
        this.limitNanos = limitMillis * 1_000_000;
    }

    /** A tenth of the limit, between 10 ms and 1 s. */
    static long checkEveryMillis(long limitMillis) {
        return Math.max(10, Math.min(1000, limitMillis / 10));
    }

    /** Starts {@code waiter}'s wait now; nothing when it is waiting already. */
    void start(Waiter waiter, long nowNanos) {
        if (waiter.waiting) {
            return;
        }
        waiter.waiting = true;
        waiter.deadlineNanos = nowNanos + limitNanos;
        waiter.previous = tail;
        waiter.next = null;
        if (tail == null) {
            head = waiter;
        } else {
            tail.next = waiter;
        }
        tail = waiter;
    }

    /** Ends {@code waiter}'s wait, if it is waiting. */
    void end(Waiter waiter) {
        if (!waiter.waiting) {
            return;
        }
        waiter.waiting = false;
        if (waiter.previous == null) {
            head = waiter.next;
        } else {
            waiter.previous.next = waiter.next;
        }
        if (waiter.next == null) {
            tail = waiter.previous;
        } else {
            waiter.next.previous = waiter.previous;
        }
        waiter.previous = null;
        waiter.next = null;
    }

    /** Fires every wait whose deadline is at or before {@code nowNanos}. */
    void expire(long nowNanos) {
        while (head != null && head.deadlineNanos - nowNanos <= 0) {
            Waiter expired = head;
            end(expired);
            expired.deadlinePassed();
        }
    }
}
