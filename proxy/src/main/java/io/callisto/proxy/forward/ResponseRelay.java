package io.callisto.proxy.forward;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/** Passes a target's response to the client: status, end-to-end headers, and the body as it streams. */
final class ResponseRelay {

    /** How relaying a body ended. */
    enum End {
        /** The whole body reached the client. */
        COMPLETE,
        /** The client's connection failed or closed first. */
        CLIENT_GONE,
        /** The target's response failed before its end. */
        TARGET_GONE
    }

    private ResponseRelay() {
    }

    /**
     * Relays status, headers and body. Redirects and their {@code Location} pass untouched. A body
     * without {@code Content-Length} goes out chunked. After {@code CLIENT_GONE} or
     * {@code TARGET_GONE} the caller closes what is left of the other side.
     */
    static Future<End> relay(HttpServerRequest request, HttpClientResponse upstream) {
        HttpServerResponse response = request.response();
        int status = upstream.statusCode();
        response.setStatusCode(status);
        if (upstream.statusMessage() != null) {
            response.setStatusMessage(upstream.statusMessage());
        }
        ForwardedHeaders.copyResponse(upstream.headers(), response.headers());
        if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH) && mayHaveBody(request, status)) {
            response.setChunked(true);
        }
        return streamBody(upstream, response);
    }

    /**
     * Copies {@code from}'s body into {@code to} and ends it, reading only as fast as the client
     * takes the bytes. Status and headers must be set already.
     */
    static Future<End> streamBody(HttpClientResponse from, HttpServerResponse to) {
        Promise<End> done = Promise.promise();
        to.exceptionHandler(e -> done.tryComplete(End.CLIENT_GONE));
        to.closeHandler(v -> done.tryComplete(End.CLIENT_GONE));
        from.exceptionHandler(e -> done.tryComplete(End.TARGET_GONE));
        from.handler(chunk -> {
            if (done.future().isComplete()) {
                return;
            }
            to.write(chunk);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> from.resume());
            }
        });
        from.endHandler(v -> {
            if (!done.future().isComplete()) {
                to.end().onComplete(ended -> done.tryComplete(ended.succeeded() ? End.COMPLETE : End.CLIENT_GONE));
            }
        });
        return done.future();
    }

    private static boolean mayHaveBody(HttpServerRequest request, int status) {
        return request.method() != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
    }
}
