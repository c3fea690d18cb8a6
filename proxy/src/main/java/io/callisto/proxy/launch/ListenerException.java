package io.callisto.proxy.launch;

/** A listener could not start; the message names the address and the reason. */
final class ListenerException extends Exception {

    ListenerException(String message) {
        super(message);
    }
}
