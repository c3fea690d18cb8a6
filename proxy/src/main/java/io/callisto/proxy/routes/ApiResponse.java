package io.callisto.proxy.routes;

/**
 * One answer of the API listener: a status, and a body with its type or none. Error answers carry
 * a JSON message, {@code {"status": 400, "message": "..."}}.
 *
 * @param status      the HTTP status
 * @param contentType the body's type; null with no body
 * @param body        the body, written as UTF-8; null for none
 * @param allow       the {@code Allow} header (with 405); null for none
 * @param close       whether the connection closes after this answer (the rest of the request is not read)
 */
public record ApiResponse(int status, String contentType, String body, String allow, boolean close) {

    private static final String JSON = "application/json";

    public static final ApiResponse CREATED = new ApiResponse(201, null, null, null, false);
    public static final ApiResponse NO_CONTENT = new ApiResponse(204, null, null, null, false);

    public static ApiResponse json(int status, String body) {
        return new ApiResponse(status, JSON, body, null, false);
    }

    /** {@code {"status": 400, "message": "..."}} with that status. */
    public static ApiResponse error(int status, String message) {
        StringBuilder body = new StringBuilder(message.length() + 32)
                .append("{\"status\":").append(status).append(",\"message\":\"");
        appendEscaped(body, message);
        body.append("\"}");
        return json(status, body.toString());
    }

    /** The same answer, and the connection closes after it. */
    public ApiResponse closing() {
        return new ApiResponse(status, contentType, body, allow, true);
    }

    ApiResponse allowing(String methods) {
        return new ApiResponse(status, contentType, body, methods, close);
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
