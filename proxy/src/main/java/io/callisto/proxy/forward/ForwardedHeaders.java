package io.callisto.proxy.forward;

import io.callisto.proxy.routes.RoutePath;
import io.callisto.proxy.routes.Target;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Locale;

/**
 * Which headers cross the proxy. The request and response a connection decoded are forwarded as
 * they are, their headers edited in place: end-to-end headers pass unchanged, repeated ones
 * (several {@code Set-Cookie}, several {@code Cookie}) included; hop-by-hop headers (RFC 9110
 * section 7.6.1) and the headers a {@code Connection} header names stay behind. Requests gain
 * {@code X-Forwarded-For}, {@code -Port} and {@code -Proto} (appended to values from earlier
 * proxies) and {@code X-Forwarded-Host} (kept when already set), as CHP's http-proxy adds them.
 * Both directions then speak HTTP/1.1, with a body framed by its length or in chunks.
 */
public final class ForwardedHeaders {

    private static final AsciiString[] HOP_BY_HOP = {
        HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, AsciiString.cached("proxy-connection"),
        HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE,
        HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
        AsciiString.cached("http2-settings"),
    };
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    private static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");

    private ForwardedHeaders() {
    }

    /**
     * Turns the client's request into the target's: request-target rebuilt for the target (origin
     * form, the target's own path in front), hop-by-hop headers and {@code Expect} dropped (the
     * proxy answers {@code 100 Continue} itself), X-Forwarded-* added. With {@code upgrade},
     * {@code Connection: Upgrade} and the {@code Upgrade} header are kept, for a websocket handshake.
     *
     * @param clientAddress the client's IP address, for X-Forwarded-For
     * @param tls           whether the client connected with TLS
     */
    static void prepareRequest(HttpRequest request, Target target, String clientAddress, boolean tls, boolean upgrade) {
        HttpHeaders headers = request.headers();
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        String upgradeTo = upgrade ? headers.get(HttpHeaderNames.UPGRADE) : null;
        removeHopByHop(headers);
        headers.remove(HttpHeaderNames.EXPECT);
        if (upgrade) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            headers.set(HttpHeaderNames.UPGRADE, upgradeTo);
        } else if (chunked && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        request.setUri(target.forwardedUri(originForm(request.uri())));
        String host = headers.get(HttpHeaderNames.HOST);
        append(headers, X_FORWARDED_FOR, clientAddress);
        append(headers, X_FORWARDED_PORT, port(host, tls));
        append(headers, X_FORWARDED_PROTO, upgrade ? (tls ? "wss" : "ws") : (tls ? "https" : "http"));
        if (!headers.contains(X_FORWARDED_HOST)) {
            headers.set(X_FORWARDED_HOST, host == null ? "" : host);
        }
    }

    /**
     * Turns the target's response into the client's: hop-by-hop headers dropped, and a body without
     * {@code Content-Length} sent in chunks to an HTTP/1.1 client (an HTTP/1.0 client gets it
     * delimited by the connection's close instead).
     */
    static void prepareResponse(HttpResponse response, HttpMethod requestMethod, boolean clientSpeaks11) {
        HttpHeaders headers = response.headers();
        removeHopByHop(headers);
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        int status = response.status().code();
        boolean mayHaveBody = requestMethod != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
        if (mayHaveBody && clientSpeaks11 && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
    }

    /** Whether the client can tell where the response's body ends without the connection closing. */
    static boolean isSelfDelimited(HttpResponse response, HttpMethod requestMethod) {
        int status = response.status().code();
        return requestMethod == HttpMethod.HEAD || status < 200 || status == 204 || status == 304
                || response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
                || HttpUtil.isTransferEncodingChunked(response);
    }

    /** Whether a request asks to become a websocket ({@code Upgrade: websocket}); other upgrades (h2c) are ignored. */
    static boolean isWebSocketUpgrade(HttpMessage request) {
        HttpHeaders headers = request.headers();
        return headers.contains(HttpHeaderNames.UPGRADE)
                && headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    /** The request-target in origin form: as received, or rebuilt from an absolute-form one ({@code http://host/path?q}). */
    public static String originForm(String uri) {
        if (uri.startsWith("/")) {
            return uri;
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return RoutePath.ROOT;
        }
        int path = uri.indexOf('/', scheme + 3);
        int query = uri.indexOf('?', scheme + 3);
        if (path < 0 || (query >= 0 && query < path)) {
            return query < 0 ? RoutePath.ROOT : RoutePath.ROOT + uri.substring(query);
        }
        return uri.substring(path);
    }

    /** The path of an origin-form request-target: up to the query. */
    public static String path(String originForm) {
        int query = originForm.indexOf('?');
        return query < 0 ? originForm : originForm.substring(0, query);
    }

    /** The port the client used: from the Host header, else the scheme's default (CHP's rule). */
    static String port(String host, boolean tls) {
        if (host != null) {
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && colon > host.lastIndexOf(']')) {
                return host.substring(colon + 1);
            }
        }
        return tls ? "443" : "80";
    }

    /** The host name of a Host header, without its port. */
    static String hostName(String host) {
        if (host == null) {
            return "";
        }
        int colon = host.lastIndexOf(':');
        return colon >= 0 && colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
    }

    private static void append(HttpHeaders headers, AsciiString name, String value) {
        String earlier = headers.get(name);
        headers.set(name, earlier == null ? value : earlier + "," + value);
    }

    /** Removes hop-by-hop headers and the ones the {@code Connection} headers name. */
    static void removeHopByHop(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
            for (String value : connection) {
                for (String token : value.split(",")) {
                    String name = token.trim().toLowerCase(Locale.ROOT);
                    if (!name.isEmpty() && !name.equals("close") && !name.equals("keep-alive")) {
                        headers.remove(name);
                    }
                }
            }
        }
        for (AsciiString name : HOP_BY_HOP) {
            headers.remove(name);
        }
    }
}
