package io.callisto.hub.api;

/**
 * An error the caller can read and act on: an HTTP status and a message. API requests get it as JSON
 * ({@code {"status": 404, "message": "..."}}, JupyterHub's shape), browser pages as a readable page.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String message) {
        this(status, message, null);
    }

    private ApiException(int status, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    /** 429 with a {@code Retry-After} header. */
    public static ApiException tooManyRequests(String message, int retryAfterSeconds) {
        return new ApiException(429, message, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
