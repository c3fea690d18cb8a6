package io.callisto.spawner.local;

import io.callisto.spawner.api.SpawnException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where a server's files go: the user's working directory and the server's log file. The naming
 * rules live here and nowhere else.
 */
final class ServerPaths {

    private final Path workRoot;
    private final Path logDirectory;

    ServerPaths(Path workRoot, Path logDirectory) {
        this.workRoot = workRoot;
        this.logDirectory = logDirectory;
    }

    /**
     * {@code {workRoot}/{userName}}, shared by all servers of the user. The hub validates user names;
     * this refuses the names that would leave {@code workRoot} anyway.
     *
     * @throws SpawnException for an empty name, {@code .}, {@code ..}, or a name holding {@code /} or NUL
     */
    Path workDirectory(String userName) throws SpawnException {
        if (userName.isEmpty() || userName.equals(".") || userName.equals("..")
                || userName.indexOf('/') >= 0 || userName.indexOf('\0') >= 0) {
            throw new SpawnException("'" + userName + "' cannot name a working directory");
        }
        Path directory = workRoot.resolve(userName).normalize();
        if (!workRoot.equals(directory.getParent())) {
            throw new SpawnException("'" + userName + "' cannot name a working directory");
        }
        return directory;
    }

    /**
     * {@code {logDirectory}/{user}.log} for a default server, {@code {user}--{server}.log} for a
     * named one, each part {@linkplain #fileNamePart encoded} so that any two servers get two files.
     */
    Path logFile(String userName, String serverName) {
        String base = serverName.isEmpty()
                ? fileNamePart(userName)
                : fileNamePart(userName) + "--" + fileNamePart(serverName);
        return logDirectory.resolve(base + ".log");
    }

    /**
     * Keeps ASCII letters, digits, {@code _ + @ .} and single inner {@code -}, and percent-encodes
     * every other UTF-8 byte, a leading {@code .} (no hidden files) and any {@code -} that starts or
     * ends the part or precedes another {@code -}. So a part never holds {@code --}, never starts or
     * ends with {@code -}, and {@code user--server} splits one way only: the mapping is one-to-one.
     */
    static String fileNamePart(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder part = new StringBuilder(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean kept = isPlain(b)
                    || b == '.' && i > 0
                    || b == '-' && i > 0 && i < bytes.length - 1 && bytes[i + 1] != '-';
            if (kept) {
                part.append((char) b);
            } else {
                part.append('%').append(String.format("%02X", b));
            }
        }
        return part.toString();
    }

    private static boolean isPlain(int b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                || b == '_' || b == '+' || b == '@';
    }
}
