package io.callisto.spawner.local;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;

/**
 * Creates a server's files. Working directories and log files are created readable by the hub's
 * user only: every server runs as that user, and other accounts on the machine must not read
 * notebooks or logs. Existing ones are left as they are.
 */
final class ServerFiles {

    private static final FileAttribute<?> OWNER_ONLY_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<?> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private ServerFiles() {
    }

    /** Creates the working directory, the log directory and the log file where missing. */
    static void prepare(Path workDirectory, Path logFile) throws IOException {
        try {
            create(workDirectory, logFile);
        } catch (AccessDeniedException e) {
            throw new IOException("no permission to create " + e.getFile(), e);
        }
    }

    private static void create(Path workDirectory, Path logFile) throws IOException {
        Files.createDirectories(workDirectory.getParent());
        try {
            Files.createDirectory(workDirectory, OWNER_ONLY_DIRECTORY);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(workDirectory)) {
                throw new IOException(workDirectory + " exists and is not a directory", e);
            }
        }
        Files.createDirectories(logFile.getParent());
        Files.newByteChannel(logFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND), OWNER_ONLY_FILE)
                .close();
    }

    /**
     * Appends one line marking where a run's output starts, since the log file keeps the output of
     * every run of the server.
     */
    static void appendHeader(Path logFile, String text) throws IOException {
        Files.writeString(logFile, "[callisto] " + Instant.now() + " " + text + "\n", StandardOpenOption.APPEND);
    }
}
