package io.callisto.proxy.launch;

/** A command line the proxy does not accept; the message says what to change. */
final class CommandLineException extends Exception {

    CommandLineException(String message) {
        super(message);
    }
}
