package io.callisto.proxy.forward;

import io.netty.handler.codec.http.HttpContent;

/** What handles the client's current request once its head has arrived. Every method runs on the client connection's event loop. */
interface ClientExchange {

    /** A part of the request body, the last one a {@code LastHttpContent}; the exchange owns it. */
    void requestContent(HttpContent content);

    /** The client's read burst ended: time to flush what was written to the target. */
    void clientReadComplete();

    /** The client connection can take writes again after it could not. */
    void clientWritable();

    /** The client connection closed before the exchange was over. */
    void clientClosed();

    /** For requests the proxy answers itself: drops the body, if any. */
    ClientExchange DISCARD = new ClientExchange() {
        @Override
        public void requestContent(HttpContent content) {
            content.release();
        }

        @Override
        public void clientReadComplete() {
        }

        @Override
        public void clientWritable() {
        }

        @Override
        public void clientClosed() {
        }
    };
}
