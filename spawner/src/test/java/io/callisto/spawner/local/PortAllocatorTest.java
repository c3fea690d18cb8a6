package io.callisto.spawner.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {

    private final InetAddress loopback = InetAddress.getLoopbackAddress();

    @Test
    void portIsFreeToBind() throws IOException {
        int port = new PortAllocator(loopback).allocate();

        try (ServerSocket socket = new ServerSocket(port, 1, loopback)) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void portIsNotHandedOutTwiceWhileReserved() throws IOException {
        PortAllocator ports = new PortAllocator(loopback);
        Set<Integer> handedOut = new HashSet<>();

        for (int i = 0; i < 200; i++) {
            assertThat(handedOut.add(ports.allocate())).isTrue();
        }
    }
}
