package io.callisto.proxy.routes;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** How the API listener answers: JSON bodies, and JSON messages for every error. */
public final class JsonResponses {

    private static final String JSON = "application/json";

    private JsonResponses() {
    }

    public static void json(HttpServerResponse response, int status, Buffer body) {
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
    }

    /** {@code {"status": 400, "message": "..."}} with that status. */
    public static void error(HttpServerResponse response, int status, String message) {
        StringBuilder body = new StringBuilder(message.length() + 32)
                .append("{\"status\":").append(status).append(",\"message\":\"");
        appendEscaped(body, message);
        body.append("\"}");
        json(response, status, Buffer.buffer(body.toString()));
    }

    /** No body, for 201 and 204. */
    public static void empty(HttpServerResponse response, int status) {
        response.setStatusCode(status).end();
    }

    private static void appendEscaped(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
