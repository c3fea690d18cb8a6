package io.callisto.proxy.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP written by hand over a socket, for what well-behaved clients never do: hop-by-hop headers
 * the JDK client refuses to set, and leaving in the middle of a body.
 */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;

    public RawHttp(int port) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
    }

    /** Sends the request head; {@code head} holds the request line and headers, lines ending in CRLF. */
    public void sendHead(String head) throws IOException {
        output().write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        output().flush();
    }

    public OutputStream output() throws IOException {
        return socket.getOutputStream();
    }

    public InputStream input() throws IOException {
        return socket.getInputStream();
    }

    /** Reads up to the blank line that ends the response head, and returns the head. */
    public String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        InputStream in = input();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads a response that must be 200, and returns its body (read by its Content-Length). */
    public String readOkBody() throws IOException {
        String head = readHead();
        assertThat(head).startsWith("HTTP/1.1 200");
        return new String(input().readNBytes(contentLength(head)), StandardCharsets.UTF_8);
    }

    /** The Content-Length of a response head. */
    public static int contentLength(String head) {
        return Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
