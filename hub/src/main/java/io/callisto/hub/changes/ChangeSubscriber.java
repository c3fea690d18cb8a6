package io.callisto.hub.changes;

/**
 * Something kept in memory that notices on one channel make stale (an application-scoped bean; the
 * {@link ChangeListener} finds every one). Its methods are called from the listener's thread, or from
 * a request's thread after a barrier ran out of time, and must be quick.
 */
public interface ChangeSubscriber {

    /** The channel whose notices concern it. */
    String channel();

    /** A notice arrived on {@link #channel()}, with the payload the trigger sent. */
    void changed(String payload);

    /** Whether notices are being received, so that what is kept can be trusted. Either way, forget it all. */
    void listening(boolean listening);

    /** Forget everything kept, staying as trusted as before (a change may have been missed). */
    void forgetAll();
}
