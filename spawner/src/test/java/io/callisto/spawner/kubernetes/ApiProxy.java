package io.callisto.spawner.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy in front of the mock API server, to make it misbehave the way real networks do:
 * {@link #goDown()} drops every connection and refuses new ones (until {@link #comeBack()}), and
 * {@link #freezeWatches()} turns every open watch into a black hole: the connection stays open but
 * no byte reaches the client any more, which is how a watch dies silently behind a stuck NAT or
 * load balancer. Watches opened later work.
 */
public final class ApiProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile boolean closed;

    public ApiProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "api-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Closes every connection and refuses new ones. */
    public void goDown() {
        down.set(true);
        links.forEach(Link::close);
    }

    public void comeBack() {
        down.set(false);
    }

    /** Stops delivering anything to the clients of the watches open now; returns how many there were. */
    public int freezeWatches() {
        int frozen = 0;
        for (Link link : links) {
            if (link.watch) {
                link.frozen = true;
                frozen++;
            }
        }
        return frozen;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (down.get()) {
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                Thread thread = new Thread(() -> serve(client), "api-proxy-link");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket client) {
        Link link = null;
        try {
            InputStream fromClient = client.getInputStream();
            byte[] first = new byte[16384];
            int length = fromClient.read(first);
            if (length <= 0) {
                client.close();
                return;
            }
            Socket server = new Socket();
            server.connect(upstream, 2000);
            String head = new String(first, 0, length, StandardCharsets.ISO_8859_1);
            link = new Link(client, server, head.lines().findFirst().orElse("").contains("watch=true"));
            links.add(link);
            server.getOutputStream().write(first, 0, length);
            Link current = link;
            Thread back = new Thread(() -> pump(current, server, client, true), "api-proxy-back");
            back.setDaemon(true);
            back.start();
            pump(link, client, server, false);
        } catch (IOException e) {
            if (link != null) {
                link.close();
            } else {
                closeQuietly(client);
            }
        }
    }

    private void pump(Link link, Socket from, Socket to, boolean towardsClient) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (towardsClient && link.frozen) {
                    continue;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // the other side went away
        } finally {
            link.close();
        }
    }

    private final class Link {
        final Socket client;
        final Socket server;
        final boolean watch;
        volatile boolean frozen;

        Link(Socket client, Socket server, boolean watch) {
            this.client = client;
            this.server = server;
            this.watch = watch;
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        links.forEach(Link::close);
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
