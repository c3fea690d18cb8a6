package io.callisto.proxy.forward;

import io.callisto.proxy.metrics.Failure;
import io.callisto.proxy.metrics.ProxyMetrics;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The pages the proxy sends when it cannot forward a request. With an error target, CHP's
 * contract: fetch {@code <error-target>/<status>?url=<request URL, form-encoded>} and relay that
 * page's body, {@code Content-Type} and {@code Content-Encoding} with the original status, whatever
 * status the error target answered with; when it cannot be fetched, or without an error target,
 * a small page of the proxy's own.
 */
final class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    private final HttpClient client;
    private final String errorTarget;
    private final long timeoutMillis;
    private final ProxyMetrics metrics;

    /** @param timeoutMillis connect and idle limit for fetching a page from the error target */
    ErrorPages(HttpClient client, Optional<URI> errorTarget, long timeoutMillis, ProxyMetrics metrics) {
        this.client = client;
        this.errorTarget = errorTarget.map(URI::toString).map(t -> t.endsWith("/") ? t : t + "/").orElse(null);
        this.timeoutMillis = timeoutMillis;
        this.metrics = metrics;
    }

    /**
     * Answers {@code request} with {@code status}, from the error target when there is one. When the
     * response has already begun it can no longer change, so the client's connection is cut instead.
     *
     * @param detail one sentence for the proxy's own page, naming what failed
     */
    void send(HttpServerRequest request, int status, Failure failure, String detail) {
        metrics.failure(failure);
        if (!prepare(request)) {
            return;
        }
        metrics.response(status);
        if (errorTarget == null) {
            ownPage(request.response(), status, detail);
        } else {
            fetch(request, status, detail);
        }
    }

    /** Like {@link #send} but always with the proxy's own page, for messages the error target cannot know. */
    void sendOwn(HttpServerRequest request, int status, Failure failure, String detail) {
        metrics.failure(failure);
        if (prepare(request)) {
            metrics.response(status);
            ownPage(request.response(), status, detail);
        }
    }

    /** False when nothing can be sent any more. Unread request body is read and dropped, so the connection stays usable. */
    private static boolean prepare(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return false;
        }
        if (response.headWritten()) {
            response.reset();
            return false;
        }
        if (!request.isEnded()) {
            request.handler(null);
            request.resume();
        }
        return true;
    }

    private void fetch(HttpServerRequest request, int status, String detail) {
        String url = errorTarget + status + "?url=" + URLEncoder.encode(request.uri(), StandardCharsets.UTF_8);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(url)
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis);
        HttpServerResponse response = request.response();
        client.request(options).compose(pageRequest -> {
            pageRequest.exceptionHandler(e -> LOG.debugf("Error page %s failed: %s", url, e.getMessage()));
            return pageRequest.send();
        }).onComplete(fetched -> {
            if (fetched.failed()) {
                LOG.warnf("Failed to get error page %s: %s", url, fetched.cause().getMessage());
                if (!response.closed()) {
                    ownPage(response, status, detail);
                }
                return;
            }
            HttpClientResponse page = fetched.result();
            if (response.closed()) {
                page.request().reset();
                return;
            }
            response.setStatusCode(status);
            copy(page, response, HttpHeaders.CONTENT_TYPE);
            copy(page, response, HttpHeaders.CONTENT_ENCODING);
            copy(page, response, HttpHeaders.CONTENT_LENGTH);
            if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                response.setChunked(true);
            }
            ResponseRelay.streamBody(page, response).onSuccess(end -> {
                if (end != ResponseRelay.End.COMPLETE) {
                    response.reset();
                    page.request().reset();
                }
            });
        });
    }

    private static void copy(HttpClientResponse from, HttpServerResponse to, CharSequence header) {
        String value = from.getHeader(header);
        if (value != null) {
            to.putHeader(header, value);
        }
    }

    private static void ownPage(HttpServerResponse response, int status, String detail) {
        String title = status + ": " + HttpResponseStatus.valueOf(status).reasonPhrase();
        String page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>" + title
                + "</title>\n<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;"
                + "padding:0 1em;color:#222}</style></head>\n<body><h1>" + title + "</h1>\n<p>"
                + escape(detail) + "</p></body>\n</html>\n";
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .end(page);
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
}
