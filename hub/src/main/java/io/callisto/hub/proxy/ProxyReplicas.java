package io.callisto.hub.proxy;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Where the proxy replicas' routes APIs are: a fixed list of URLs, or, when {@code resolve} is on,
 * every address each URL's host name resolves to, looked up again on every call (a Kubernetes
 * headless Service lists its ready pods this way, so replicas that come and go are found without
 * restarting the hub). Immutable; {@link ProxyLauncher} makes it once it knows where the proxy is.
 */
public final class ProxyReplicas {

    private static final Logger LOG = Logger.getLogger(ProxyReplicas.class);

    private final List<URI> urls;
    private final boolean resolve;

    /** @param urls routes API base URLs ({@code http://host:8001}), trailing slashes ignored */
    public ProxyReplicas(List<URI> urls, boolean resolve) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one proxy API URL is needed");
        }
        this.urls = urls.stream().map(ProxyReplicas::withoutTrailingSlash).toList();
        this.resolve = resolve;
    }

    /** The configured URLs, as given. */
    public List<URI> configured() {
        return urls;
    }

    /**
     * The replicas now: the configured URLs, or with {@code resolve}, one URL per address of each
     * (in the resolver's order, duplicates dropped). A name that does not resolve contributes none,
     * with a warning: a Service with no ready pod yet is not an error.
     */
    public List<URI> current() {
        if (!resolve) {
            return urls;
        }
        Set<URI> found = new LinkedHashSet<>();
        for (URI url : urls) {
            try {
                for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
                    found.add(withHost(url, address));
                }
            } catch (UnknownHostException e) {
                LOG.warnf("The proxy replicas' name %s does not resolve (yet): %s", url.getHost(), e.getMessage());
            }
        }
        return new ArrayList<>(found);
    }

    private static URI withHost(URI url, InetAddress address) {
        String host = address.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        try {
            return new URI(url.getScheme(), null, host, url.getPort(), url.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot put " + host + " in " + url, e);
        }
    }

    private static URI withoutTrailingSlash(URI url) {
        return URI.create(url.toString().replaceAll("/+$", ""));
    }
}
