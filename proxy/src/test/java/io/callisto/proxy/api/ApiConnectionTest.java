package io.callisto.proxy.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.callisto.proxy.routes.ApiResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.CharsetUtil;
import org.junit.jupiter.api.Test;

class ApiConnectionTest {

    private static final int MAX_BODY = 64;

    /** Answers every request with its method, URI and body. */
    private final EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestDecoder(), new ApiConnection(
            (request, body) -> ApiResponse.json(200, request.method() + " " + request.uri() + " " + body.toString(CharsetUtil.UTF_8)),
            MAX_BODY));

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        send("POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}GET /b HTTP/1.1\r\n\r\nDELETE /c HTTP/1.1\r\n\r\n");

        assertThat(written()).isEqualTo(ok("POST /a {}") + ok("GET /b ") + ok("DELETE /c "));
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aChunkedBodyIsHandedOnWhole() {
        send("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n");
        send("4\r\n\":1}\r\n0\r\n\r\n");

        assertThat(written()).isEqualTo(ok("POST /a {\"a\":1}"));
    }

    @Test
    void aBodyOverTheLimitIs413AndTheConnectionCloses() {
        send("POST /a HTTP/1.1\r\nContent-Length: " + (MAX_BODY + 1) + "\r\n\r\nGET /b HTTP/1.1\r\n\r\n");

        assertThat(written()).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n")
                .contains("connection: close\r\n")
                .endsWith("{\"status\":413,\"message\":\"Body larger than 64 bytes\"}");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aChunkedBodyThatGrowsOverTheLimitIs413() {
        send("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n" + "x".repeat(MAX_BODY) + "\r\n1\r\nx\r\n0\r\n\r\n");

        assertThat(written()).startsWith("HTTP/1.1 413 ");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() {
        send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(written()).startsWith("HTTP/1.0 200 OK\r\ncontent-type: application/json\r\nconnection: keep-alive\r\n");
        assertThat(channel.isOpen()).isTrue();

        send("GET /b HTTP/1.0\r\n\r\n");
        assertThat(written()).startsWith("HTTP/1.0 200 OK\r\ncontent-type: application/json\r\ncontent-length: ");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anUnreadableRequestGetsAJsonErrorAndTheConnectionCloses() {
        send("GET /a HTTP/1.1\r\nContent-Length: nine\r\n\r\n");

        assertThat(written()).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("\"status\":400");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anExpectationOf100ContinueIsAnswered() {
        send("POST /a HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        assertThat(written()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");

        send("{}");
        assertThat(written()).isEqualTo(ok("POST /a {}"));
    }

    @Test
    void noContentHasNoLength() {
        EmbeddedChannel deleting = new EmbeddedChannel(new HttpRequestDecoder(),
                new ApiConnection((request, body) -> ApiResponse.NO_CONTENT, MAX_BODY));
        deleting.writeInbound(Unpooled.copiedBuffer("DELETE /a HTTP/1.1\r\n\r\n", CharsetUtil.US_ASCII));

        assertThat(((ByteBuf) deleting.readOutbound()).toString(CharsetUtil.US_ASCII)).isEqualTo("HTTP/1.1 204 No Content\r\n\r\n");
    }

    private void send(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, CharsetUtil.UTF_8));
    }

    private String written() {
        StringBuilder out = new StringBuilder();
        for (ByteBuf chunk; (chunk = channel.readOutbound()) != null; chunk.release()) {
            out.append(chunk.toString(CharsetUtil.UTF_8));
        }
        return out.toString();
    }

    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + body.length() + "\r\n\r\n" + body;
    }
}
