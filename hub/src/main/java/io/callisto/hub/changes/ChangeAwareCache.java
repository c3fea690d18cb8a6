package io.callisto.hub.changes;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A subscriber that keeps entries loaded from the database. It counts the changes it has seen (the
 * generation), so that an entry whose load raced a change is not kept: read {@link #generation()}
 * before loading, keep the entry, then drop it again if {@link #changedSince} says so. While the hub
 * is not listening it keeps and serves nothing.
 */
public abstract class ChangeAwareCache implements ChangeSubscriber {

    private final AtomicLong generation = new AtomicLong();
    private volatile boolean trusted;

    /** Counts the changes seen so far; read it before loading an entry. */
    public long generation() {
        return generation.get();
    }

    /** Whether entries may be kept and served now. */
    protected boolean trusted() {
        return trusted;
    }

    /** Whether a change was seen since {@code generationBeforeLoad}: then an entry just kept must go. */
    protected boolean changedSince(long generationBeforeLoad) {
        return generation.get() != generationBeforeLoad;
    }

    /** Counts a change; call it before dropping what the change touches. */
    protected void changeSeen() {
        generation.incrementAndGet();
    }

    /** Drops every entry. */
    protected abstract void clear();

    @Override
    public void forgetAll() {
        changeSeen();
        clear();
    }

    @Override
    public void listening(boolean listening) {
        forgetAll();
        trusted = listening;
    }
}
