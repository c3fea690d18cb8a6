package io.callisto.spawner.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the file a command name runs, as execvp(3) would, so a missing program is reported before anything starts. */
final class Executables {

    private Executables() {
    }

    /**
     * The executable file {@code program} names: itself when it is an absolute path, else the first
     * {@code {dir}/{program}} that is an executable regular file, for the absolute directories of
     * {@code searchPath} in order (relative entries are skipped: they would resolve against the
     * user's working directory).
     *
     * @throws IllegalArgumentException naming the program, and the search path when it was searched
     */
    static Path find(String program, String searchPath) {
        Path path = Path.of(program);
        if (path.isAbsolute()) {
            if (!Files.exists(path)) {
                throw new IllegalArgumentException(program + " does not exist");
            }
            if (!isExecutableFile(path)) {
                throw new IllegalArgumentException(program + " is not an executable file");
            }
            return path;
        }
        for (String directory : searchPath.split(":")) {
            if (directory.startsWith("/")) {
                Path candidate = Path.of(directory, program);
                if (isExecutableFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalArgumentException(program + " was not found on PATH " + searchPath);
    }

    private static boolean isExecutableFile(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
