package io.callisto.proxy.metrics;

/** Why a request was not forwarded, or not to the end; the {@code reason} label of the errors metric. */
public enum Failure {
    /** No route matched and there is no default target: 404. */
    NO_ROUTE("no_route"),
    /** The request path had a malformed escape: 400. */
    BAD_REQUEST("bad_request"),
    /** The client did not send its request head within the header timeout: 408. */
    HEADER_TIMEOUT("header_timeout"),
    /** The target refused or did not accept a connection, or closed it before answering: 503. */
    UNREACHABLE("unreachable"),
    /** The target did not start its response within the response timeout: 504. */
    TIMEOUT("timeout"),
    /** The route already has its maximum number of websockets: 503. */
    WEBSOCKET_LIMIT("websocket_limit"),
    /** The target closed the connection in the middle of its response. */
    TARGET_CLOSED("target_closed"),
    /** The client closed the connection before the exchange was over. */
    CLIENT_CLOSED("client_closed");

    private final String label;

    Failure(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
