package io.callisto.proxy.forward;

/**
 * Whoever holds a connection to a target: an exchange forwarding a request, an error page being
 * fetched, or a websocket tunnel. Every method runs on the connection's event loop.
 */
interface TargetUser {

    /** The pool handed over {@code connection}, kept-alive or new; the user now owns it. */
    void connected(TargetConnection connection);

    /** No connection could be made. */
    void connectFailed(Throwable cause);

    /**
     * A message from the target: {@code HttpResponse}, {@code HttpContent} and
     * {@code LastHttpContent} while the connection speaks HTTP, raw {@code ByteBuf}s once it has
     * become a websocket. The user owns it and must write or release it.
     */
    void received(Object message);

    /** The target's read burst ended: time to flush what was written to the client. */
    void targetReadComplete();

    /** The connection can take writes again after it could not. */
    void targetWritable();

    /** The connection closed, or failed, while this user held it. */
    void targetClosed();
}
