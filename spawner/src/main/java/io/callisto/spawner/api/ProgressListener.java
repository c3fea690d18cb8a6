package io.callisto.spawner.api;

/** Receives progress while a server starts. Called from the spawner's thread; must not block. */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param percent how far the start is, 0 to 99 (the hub reports 100 once the server answers)
     * @param message what is happening, for people
     */
    void progress(int percent, String message);
}
