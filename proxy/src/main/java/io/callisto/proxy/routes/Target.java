package io.callisto.proxy.routes;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a route forwards to, parsed once when the route is added.
 *
 * @param url      the target as given, e.g. {@code http://127.0.0.1:8888}
 * @param host     host name or address, without IPv6 brackets
 * @param port     port, defaulted from the scheme
 * @param tls      whether to connect with TLS ({@code https}, {@code wss})
 * @param basePath the target's own path without trailing slashes, put before every forwarded
 *                 request path as CHP does (its {@code prependPath} default); usually empty
 */
public record Target(String url, String host, int port, boolean tls, String basePath) {

    /**
     * Parses an absolute {@code http}, {@code https}, {@code ws} or {@code wss} URL with a host.
     *
     * @throws IllegalArgumentException with a message fit for the API's caller otherwise
     */
    public static Target parse(String url) {
        String notUrl = "Invalid target '" + url + "': must be an absolute http:// or https:// URL";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(notUrl);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls;
        switch (scheme) {
            case "http", "ws" -> tls = false;
            case "https", "wss" -> tls = true;
            default -> throw new IllegalArgumentException(notUrl);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("Invalid target '" + url + "': no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return new Target(url, host, port, tls, path.substring(0, RoutePath.endWithoutSlashes(path)));
    }

    /** The request-target to send for a request whose own request-target is {@code requestUri}. */
    public String forwardedUri(String requestUri) {
        return basePath.isEmpty() ? requestUri : basePath + requestUri;
    }
}
