package io.callisto.spawner.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Chooses free TCP ports on one address by letting the kernel pick one, then closing the socket for
 * the server to bind. A port handed out is not handed out again for {@link #RESERVATION}: the kernel
 * would consider it free until the server binds it, and two servers starting at once must not get
 * the same port. Another program may still take the port first; the server then fails to start and
 * says so in its log, as with JupyterHub's {@code random_port}.
 */
final class PortAllocator {

    static final Duration RESERVATION = Duration.ofMinutes(1);
    private static final int MAX_ATTEMPTS = 100;

    private final InetAddress address;
    /** Port to the {@link System#nanoTime()} its reservation ends. */
    private final Map<Integer, Long> reserved = new HashMap<>();

    PortAllocator(InetAddress address) {
        this.address = address;
    }

    /** A port that is free now and was not handed out within {@link #RESERVATION}. */
    synchronized int allocate() throws IOException {
        long now = System.nanoTime();
        reserved.values().removeIf(end -> end - now <= 0);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, address)) {
                port = socket.getLocalPort();
            }
            if (reserved.putIfAbsent(port, now + RESERVATION.toNanos()) == null) {
                return port;
            }
        }
        throw new IOException("no free port on " + address.getHostAddress() + " after " + MAX_ATTEMPTS + " attempts");
    }
}
