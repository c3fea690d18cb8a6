package io.callisto.spawner.api;

/** A server could not be started. The message is meant for the user and says why. */
public class SpawnException extends Exception {
    public SpawnException(String message) {
        super(message);
    }

    public SpawnException(String message, Throwable cause) {
        super(message, cause);
    }
}
