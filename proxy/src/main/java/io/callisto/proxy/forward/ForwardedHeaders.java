package io.callisto.proxy.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers cross the proxy. End-to-end headers pass unchanged, repeated ones (several
 * {@code Set-Cookie}, several {@code Cookie}) included; hop-by-hop headers (RFC 9110 section 7.6.1)
 * and the headers a {@code Connection} header names stay behind. Requests gain
 * {@code X-Forwarded-For}, {@code -Port} and {@code -Proto} (appended to values from earlier
 * proxies) and {@code X-Forwarded-Host} (kept when already set), as CHP's http-proxy adds them.
 */
final class ForwardedHeaders {

    private static final String[] HOP_BY_HOP = {
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "transfer-encoding", "upgrade", "http2-settings",
    };
    /** Answered by the proxy itself: the public listener sends {@code 100 Continue} on its own. */
    private static final String EXPECT = "expect";

    private ForwardedHeaders() {
    }

    /**
     * Headers for the target's copy of {@code request}: end-to-end ones and X-Forwarded-*. With
     * {@code upgrade}, {@code Connection: Upgrade} and the {@code Upgrade} header are kept too, for
     * a websocket handshake.
     *
     * @param proto the X-Forwarded-Proto value: {@code http}, {@code https}, {@code ws} or {@code wss}
     */
    static void copyRequest(HttpServerRequest request, MultiMap to, String proto, boolean upgrade) {
        MultiMap from = request.headers();
        Set<String> named = connectionTokens(from);
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey();
            if (!isHopByHop(name) && !name.equalsIgnoreCase(EXPECT) && !isNamed(named, name)) {
                to.add(name, header.getValue());
            }
        }
        if (upgrade) {
            to.set(HttpHeaders.CONNECTION, HttpHeaders.UPGRADE);
            to.set(HttpHeaders.UPGRADE, from.get(HttpHeaders.UPGRADE));
        }
        String host = request.getHeader(HttpHeaders.HOST);
        append(to, "X-Forwarded-For", request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress());
        append(to, "X-Forwarded-Port", port(host, request.isSSL()));
        append(to, "X-Forwarded-Proto", proto);
        if (!to.contains("X-Forwarded-Host")) {
            to.set("X-Forwarded-Host", host == null ? "" : host);
        }
    }

    /** End-to-end headers of a target's response. */
    static void copyResponse(MultiMap from, MultiMap to) {
        Set<String> named = connectionTokens(from);
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey();
            if (!isHopByHop(name) && !isNamed(named, name)) {
                to.add(name, header.getValue());
            }
        }
    }

    /** Whether a request asks to become a websocket ({@code Upgrade: websocket}); other upgrades (h2c) are ignored. */
    static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket")
                && request.headers().contains(HttpHeaders.CONNECTION, HttpHeaders.UPGRADE, true);
    }

    /** Whether the request body comes in chunks, so the copy must too. */
    static boolean isChunked(HttpServerRequest request) {
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true);
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

    private static void append(MultiMap headers, String name, String value) {
        String earlier = headers.get(name);
        headers.set(name, earlier == null ? value : earlier + "," + value);
    }

    private static boolean isHopByHop(String name) {
        for (String hop : HOP_BY_HOP) {
            if (hop.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNamed(Set<String> named, String name) {
        return !named.isEmpty() && named.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Header names listed in Connection headers, lower-cased; usually none beyond hop-by-hop ones. */
    private static Set<String> connectionTokens(MultiMap headers) {
        Set<String> tokens = null;
        for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !isHopByHop(name) && !name.equals("close")) {
                    if (tokens == null) {
                        tokens = new HashSet<>();
                    }
                    tokens.add(name);
                }
            }
        }
        return tokens == null ? Set.of() : tokens;
    }
}
