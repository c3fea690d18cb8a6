package io.callisto.spawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callisto.spawner.api.SpawnException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerPathsTest {

    private final ServerPaths paths = new ServerPaths(Path.of("/srv/work"), Path.of("/var/log/callisto"));

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "alice         | ''          | alice.log",
            "alice         | lab         | alice--lab.log",
            "alice@uni.edu | ''          | alice@uni.edu.log",
            "a-b           | c-d         | a-b--c-d.log",
            "a--b          | ''          | a%2D-b.log",
            "a             | -b          | a--%2Db.log",
            "a-            | b           | a%2D--b.log",
            "a---b         | ''          | a%2D%2D-b.log",
            ".hidden       | ..          | %2Ehidden--%2E..log",
            "zoë           | my lab      | zo%C3%AB--my%20lab.log",
            "x%41          | a/b         | x%2541--a%2Fb.log",
    })
    void logFileNamesAreSafeAndReadable(String user, String server, String fileName) {
        assertThat(paths.logFile(user, server)).isEqualTo(Path.of("/var/log/callisto", fileName));
    }

    @Test
    void everyServerGetsItsOwnLogFile() {
        List<List<String>> servers = List.of(
                List.of("a--b", ""), List.of("a", "b"), List.of("a-", "-b"), List.of("a", "--b"), List.of("a--", "b"),
                List.of("a", "-"), List.of("a-", ""), List.of("a%2D", ""), List.of("a", "b.log"), List.of("a--b.log", ""));
        Set<Path> files = new HashSet<>();

        servers.forEach(server -> files.add(paths.logFile(server.get(0), server.get(1))));

        assertThat(files).hasSameSizeAs(servers);
    }

    @Test
    void workDirectoryIsNamedAfterTheUser() throws SpawnException {
        assertThat(paths.workDirectory("alice")).isEqualTo(Path.of("/srv/work/alice"));
        assertThat(paths.workDirectory("..alice")).isEqualTo(Path.of("/srv/work/..alice"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../alice", "alice/..", "a/b", "/etc", "a\0b"})
    void userNameThatWouldLeaveTheWorkRootIsRefused(String userName) {
        assertThatThrownBy(() -> paths.workDirectory(userName))
                .isInstanceOf(SpawnException.class)
                .hasMessageEndingWith("cannot name a working directory");
    }
}
