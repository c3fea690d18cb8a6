package io.callisto.proxy.api;

import io.callisto.proxy.routes.ApiResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.CharsetUtil;

/**
 * An {@link ApiResponse} as the bytes that go on the wire: status line, headers and body encoded
 * straight into one pooled buffer, with no response object, header map or intermediate copy. The
 * headers are those Vert.x sent: {@code content-type} with a body, {@code allow} with 405,
 * {@code connection} where it differs from the version's default, {@code content-length} (none
 * on 204).
 */
final class ResponseBytes {

    private static final int HEAD_SIZE = 160;
    private static final int CRLF = ('\r' << 8) | '\n';

    private ResponseBytes() {
    }

    static ByteBuf encode(ByteBufAllocator allocator, HttpVersion version, ApiResponse response, boolean keepAlive) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(response.status());
        String body = response.body();
        int bodyBytes = body == null ? 0 : ByteBufUtil.utf8Bytes(body);
        ByteBuf out = allocator.buffer(HEAD_SIZE + bodyBytes);
        out.writeCharSequence(version.text(), CharsetUtil.US_ASCII);
        out.writeByte(' ');
        ByteBufUtil.copy(status.codeAsText(), out);
        out.writeByte(' ');
        out.writeCharSequence(status.reasonPhrase(), CharsetUtil.US_ASCII);
        out.writeShort(CRLF);
        if (body != null) {
            header(out, "content-type", response.contentType());
        }
        if (response.allow() != null) {
            header(out, "allow", response.allow());
        }
        if (keepAlive != version.isKeepAliveDefault()) {
            header(out, "connection", keepAlive ? "keep-alive" : "close");
        }
        if (response.status() != HttpResponseStatus.NO_CONTENT.code()) {
            header(out, "content-length", Integer.toString(bodyBytes));
        }
        out.writeShort(CRLF);
        if (body != null) {
            ByteBufUtil.reserveAndWriteUtf8(out, body, bodyBytes);
        }
        return out;
    }

    private static void header(ByteBuf out, String name, String value) {
        out.writeCharSequence(name, CharsetUtil.US_ASCII);
        out.writeShort((':' << 8) | ' ');
        out.writeCharSequence(value, CharsetUtil.US_ASCII);
        out.writeShort(CRLF);
    }
}
