import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The network tools of bench/proxy/run.sh, on plain blocking sockets so that they add as little
 * time of their own as possible (no HTTP or websocket library between the clock and the socket).
 *
 * <pre>
 *   echo-server PORT
 *       a websocket echo server on 127.0.0.1:PORT: every text or binary message comes back as it
 *       was sent, pings get pongs, a close is answered and ends the connection
 *   ws-rtt HOST PORT PATH COUNT WARMUP
 *       opens one websocket, sends WARMUP unmeasured echoes, then COUNT sequential ones (32-byte
 *       text messages), and prints one JSON line with the round-trip times in microseconds
 *   routes METHOD HOST PORT TOKEN FIRST END CONNECTIONS TARGET
 *       POST (or DELETE) /api/routes/user/bench-NNNNN for NNNNN in FIRST..END-1 over CONNECTIONS
 *       concurrent keep-alive connections, and prints one JSON line with the rate; any answer
 *       other than 201 (POST) or 204/404 (DELETE) is counted in "bad"
 * </pre>
 */
public final class BenchTool {

    private static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "echo-server" -> echoServer(Integer.parseInt(args[1]));
            case "ws-rtt" -> wsRoundTrips(args[1], Integer.parseInt(args[2]), args[3],
                    Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "routes" -> routes(args[1], args[2], Integer.parseInt(args[3]), args[4],
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[7]), args[8]);
            default -> {
                System.err.println("usage: BenchTool echo-server PORT | ws-rtt HOST PORT PATH COUNT WARMUP"
                        + " | routes METHOD HOST PORT TOKEN FIRST END CONNECTIONS TARGET");
                System.exit(2);
            }
        }
    }

    // ------------------------------------------------------------------------------ echo server

    private static void echoServer(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress("127.0.0.1", port), 128);
        System.out.println("echo server on 127.0.0.1:" + port);
        while (true) {
            Socket socket = server.accept();
            started(() -> serveEcho(socket));
        }
    }

    private static void serveEcho(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
            OutputStream out = socket.getOutputStream();
            String head = readHead(in);
            String key = header(head, "sec-websocket-key");
            if (key == null) {
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (true) {
                Frame frame = Frame.read(in);
                switch (frame.opcode) {
                    case 0x8 -> {
                        Frame.write(out, 0x8, frame.payload, false);
                        return;
                    }
                    case 0x9 -> Frame.write(out, 0xA, frame.payload, false);
                    case 0xA -> {
                    }
                    default -> Frame.write(out, frame.opcode, frame.payload, false);
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    // ------------------------------------------------------------------------ websocket client

    private static void wsRoundTrips(String host, int port, String path, int count, int warmup) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
            OutputStream out = socket.getOutputStream();
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 101") || !accept(key).equals(header(head, "sec-websocket-accept"))) {
                throw new IOException("handshake refused: " + head.lines().findFirst().orElse(""));
            }
            byte[] message = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < warmup; i++) {
                echo(in, out, message);
            }
            long[] micros = new long[count];
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                echo(in, out, message);
                micros[i] = (System.nanoTime() - start) / 1000;
            }
            Frame.write(out, 0x8, new byte[] {0x03, (byte) 0xe8}, true);
            long[] sorted = micros.clone();
            Arrays.sort(sorted);
            double mean = Arrays.stream(micros).average().orElse(0);
            System.out.printf(Locale.ROOT, "{\"count\": %d, \"median_us\": %.1f, \"mean_us\": %.1f, \"p90_us\": %d,"
                            + " \"p99_us\": %d, \"max_us\": %d}%n",
                    count, median(sorted), mean, percentile(sorted, 90), percentile(sorted, 99), sorted[count - 1]);
        }
    }

    private static void echo(InputStream in, OutputStream out, byte[] message) throws IOException {
        Frame.write(out, 0x1, message, true);
        Frame reply = Frame.read(in);
        if (reply.opcode != 0x1 || !Arrays.equals(reply.payload, message)) {
            throw new IOException("the echo differs from the message (opcode " + reply.opcode + ")");
        }
    }

    // ----------------------------------------------------------------------- route registration

    private static void routes(String method, String host, int port, String token, int first, int end,
            int connections, String target) throws Exception {
        AtomicInteger next = new AtomicInteger(first);
        AtomicLong bad = new AtomicLong();
        List<String> badExamples = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        byte[] body = ("{\"target\": \"" + target + "\", \"jupyterhub\": true}").getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            threads.add(started(() -> {
                try (Socket socket = new Socket()) {
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress(host, port), 5000);
                    socket.setSoTimeout(30_000);
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
                    OutputStream out = socket.getOutputStream();
                    int i;
                    while ((i = next.getAndIncrement()) < end) {
                        String path = String.format(Locale.ROOT, "/api/routes/user/bench-%05d", i);
                        StringBuilder request = new StringBuilder(256).append(method).append(' ').append(path)
                                .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
                                .append("\r\nAuthorization: token ").append(token).append("\r\n");
                        if (method.equals("POST")) {
                            request.append("Content-Type: application/json\r\nContent-Length: ")
                                    .append(body.length).append("\r\n\r\n");
                            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
                            out.write(body);
                        } else {
                            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
                        }
                        out.flush();
                        int status = readResponse(in);
                        boolean ok = method.equals("POST") ? status == 201 : status == 204 || status == 404;
                        if (!ok) {
                            bad.incrementAndGet();
                            synchronized (badExamples) {
                                if (badExamples.size() < 3) {
                                    badExamples.add(method + " " + path + " -> " + status);
                                }
                            }
                        }
                    }
                } catch (IOException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure[0] != null) {
            throw new IOException("route " + method + " failed: " + failure[0], failure[0]);
        }
        int n = end - first;
        System.out.printf(Locale.ROOT, "{\"method\": \"%s\", \"routes\": %d, \"seconds\": %.3f, \"per_second\": %.0f,"
                        + " \"connections\": %d, \"bad\": %d, \"bad_examples\": \"%s\"}%n",
                method, n, seconds, n / seconds, connections, bad.get(), String.join("; ", badExamples));
    }

    /** Reads one HTTP/1.1 response (Content-Length or chunked body) and returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String head = readHead(in);
        int status = Integer.parseInt(head.substring(9, 12));
        String length = header(head, "content-length");
        String encoding = header(head, "transfer-encoding");
        if (encoding != null && encoding.equalsIgnoreCase("chunked")) {
            while (true) {
                String line = readLine(in);
                int size = Integer.parseInt(line.split(";")[0].trim(), 16);
                skip(in, size);
                readLine(in);
                if (size == 0) {
                    break;
                }
            }
        } else if (length != null) {
            skip(in, Long.parseLong(length.trim()));
        }
        return status;
    }

    // ---------------------------------------------------------------------------------- helpers

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the headers");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed in a chunk header");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static void skip(InputStream in, long n) throws IOException {
        for (long left = n; left > 0; left--) {
            if (in.read() < 0) {
                throw new EOFException("connection closed in a body");
            }
        }
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + WS_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** Nearest-rank percentile. */
    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** One websocket frame (RFC 6455), unmasked on reading. */
    private record Frame(int opcode, byte[] payload) {

        static Frame read(InputStream in) throws IOException {
            int b0 = readByte(in);
            int b1 = readByte(in);
            long length = b1 & 0x7f;
            if (length == 126) {
                length = (readByte(in) << 8) | readByte(in);
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte(in);
                }
            }
            byte[] mask = null;
            if ((b1 & 0x80) != 0) {
                mask = in.readNBytes(4);
            }
            byte[] payload = in.readNBytes((int) length);
            if (payload.length != length) {
                throw new EOFException("connection closed in a frame");
            }
            if (mask != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
            }
            return new Frame(b0 & 0x0f, payload);
        }

        /** Writes a final frame; clients mask theirs (with a random key), servers do not. */
        static void write(OutputStream out, int opcode, byte[] payload, boolean masked) throws IOException {
            int n = payload.length;
            byte[] frame = new byte[2 + (n < 126 ? 0 : n < 65536 ? 2 : 8) + (masked ? 4 : 0) + n];
            int p = 0;
            frame[p++] = (byte) (0x80 | opcode);
            int maskBit = masked ? 0x80 : 0;
            if (n < 126) {
                frame[p++] = (byte) (maskBit | n);
            } else if (n < 65536) {
                frame[p++] = (byte) (maskBit | 126);
                frame[p++] = (byte) (n >>> 8);
                frame[p++] = (byte) n;
            } else {
                frame[p++] = (byte) (maskBit | 127);
                for (int i = 7; i >= 0; i--) {
                    frame[p++] = (byte) ((long) n >>> (8 * i));
                }
            }
            if (masked) {
                byte[] mask = new byte[4];
                ThreadLocalRandom.current().nextBytes(mask);
                System.arraycopy(mask, 0, frame, p, 4);
                p += 4;
                for (int i = 0; i < n; i++) {
                    frame[p + i] = (byte) (payload[i] ^ mask[i & 3]);
                }
            } else {
                System.arraycopy(payload, 0, frame, p, n);
            }
            out.write(frame);
            out.flush();
        }

        private static int readByte(InputStream in) throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            return b;
        }
    }

    private static Thread started(Runnable body) {
        Thread thread = new Thread(body);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
