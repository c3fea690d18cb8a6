package io.callisto.proxy.forward;

import io.callisto.proxy.metrics.Failure;
import io.callisto.proxy.routes.Target;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.CharsetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The pages the proxy sends when it cannot forward a request. With an error target, CHP's
 * contract: fetch {@code <error-target>/<status>?url=<request URL, form-encoded>} and relay that
 * page's body, {@code Content-Type} and {@code Content-Encoding} with the original status, whatever
 * status the error target answered with; when it cannot be fetched within the connect timeout, or
 * without an error target, a small page of the proxy's own.
 */
final class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    private final LoopContext context;
    private final Target errorTarget;

    ErrorPages(LoopContext context) {
        this.context = context;
        this.errorTarget = context.settings.errorTarget();
    }

    /**
     * Answers the client's current request with {@code status}, from the error target when there is one.
     *
     * @param uri    the request-target as the client sent it
     * @param detail one sentence for the proxy's own page, naming what failed
     */
    void send(ClientConnection client, String uri, int status, Failure failure, String detail) {
        context.metrics.failure(failure);
        context.metrics.response(status);
        if (errorTarget == null) {
            client.respond(ownPage(status, detail), false);
        } else {
            new Fetch(client, uri, status, detail).start();
        }
    }

    /** Like {@link #send} but always with the proxy's own page, for messages the error target cannot know. */
    void sendOwn(ClientConnection client, int status, Failure failure, String detail) {
        context.metrics.failure(failure);
        context.metrics.response(status);
        client.respond(ownPage(status, detail), false);
    }

    static FullHttpResponse ownPage(int status, String detail) {
        HttpResponseStatus code = HttpResponseStatus.valueOf(status);
        String title = status + ": " + code.reasonPhrase();
        String page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>" + title
                + "</title>\n<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;"
                + "padding:0 1em;color:#222}</style></head>\n<body><h1>" + title + "</h1>\n<p>"
                + escape(detail) + "</p></body>\n</html>\n";
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, code,
                Unpooled.copiedBuffer(page, CharsetUtil.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        return response;
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** One page fetched from the error target and relayed with the original status. */
    private final class Fetch implements TargetUser {

        private final ClientConnection client;
        private final int status;
        private final String detail;
        private final String pageUri;
        private ScheduledFuture<?> timeout;
        private TargetConnection connection;
        private boolean keepAlive;
        private boolean started;
        private boolean done;

        Fetch(ClientConnection client, String uri, int status, String detail) {
            this.client = client;
            this.status = status;
            this.detail = detail;
            this.pageUri = errorTarget.forwardedUri("/" + status) + "?url=" + URLEncoder.encode(uri, StandardCharsets.UTF_8);
        }

        void start() {
            timeout = context.loop.schedule(this::tooSlow, context.settings.errorPageTimeoutMillis(), TimeUnit.MILLISECONDS);
            context.targets.acquire(errorTarget, this);
        }

        @Override
        public void connected(TargetConnection connection) {
            if (done) {
                context.targets.release(connection);
                return;
            }
            this.connection = connection;
            DefaultFullHttpRequest page = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, pageUri,
                    Unpooled.EMPTY_BUFFER);
            page.headers().set(HttpHeaderNames.HOST, errorTarget.host() + ":" + errorTarget.port());
            connection.writeAndFlush(page);
        }

        @Override
        public void connectFailed(Throwable cause) {
            fallBack("it cannot be reached (" + cause.getMessage() + ")");
        }

        @Override
        public void received(Object message) {
            if (done) {
                ReferenceCountUtil.release(message);
            } else if (message instanceof HttpResponse page) {
                relayHead(page);
            } else if (message instanceof LastHttpContent last) {
                done = true;
                timeout.cancel(false);
                client.writeAndFlush(last);
                TargetConnection used = connection;
                connection = null;
                if (keepAlive) {
                    context.targets.release(used);
                } else {
                    context.targets.discard(used);
                }
                client.responseDone();
            } else if (message instanceof HttpContent content) {
                client.write(content);
            } else {
                ReferenceCountUtil.release(message);
            }
        }

        private void relayHead(HttpResponse page) {
            if (page.decoderResult().isFailure()) {
                ReferenceCountUtil.release(page);
                connection.channel().close();
                return;
            }
            started = true;
            keepAlive = HttpUtil.isKeepAlive(page);
            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
            copy(page, response, HttpHeaderNames.CONTENT_TYPE);
            copy(page, response, HttpHeaderNames.CONTENT_ENCODING);
            copy(page, response, HttpHeaderNames.CONTENT_LENGTH);
            if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
                response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
            client.keepAliveHeader(response, true);
            client.write(response);
        }

        @Override
        public void targetReadComplete() {
            if (started && !done) {
                client.flush();
            }
        }

        @Override
        public void targetWritable() {
        }

        @Override
        public void targetClosed() {
            connection = null;
            if (done) {
                return;
            }
            if (started) {
                done = true;
                timeout.cancel(false);
                client.close();
            } else {
                fallBack("it closed the connection");
            }
        }

        private void tooSlow() {
            if (done || started) {
                return;
            }
            if (connection != null) {
                context.targets.discard(connection);
                connection = null;
            } else {
                context.targets.cancel(errorTarget, this);
            }
            fallBack("it did not answer within " + context.settings.errorPageTimeoutMillis() + " ms");
        }

        private void fallBack(String why) {
            done = true;
            timeout.cancel(false);
            LOG.warnf("Failed to get error page %s: %s", pageUri, why);
            client.respond(ownPage(status, detail), false);
        }

        private static void copy(HttpResponse from, HttpResponse to, AsciiString header) {
            String value = from.headers().get(header);
            if (value != null) {
                to.headers().set(header, value);
            }
        }
    }
}
