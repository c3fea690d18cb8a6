package io.callisto.proxy.forward;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/** How both listeners answer a request Netty's decoder could not read; the connection closes after it. */
public final class UnreadableRequests {

    private UnreadableRequests() {
    }

    /** 414 for a request line over the limit, 431 for a header block over it, 400 otherwise. */
    public static HttpResponseStatus status(Throwable cause) {
        return cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException
                        ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : HttpResponseStatus.BAD_REQUEST;
    }
}
