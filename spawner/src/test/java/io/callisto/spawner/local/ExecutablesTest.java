package io.callisto.spawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutablesTest {

    @TempDir
    Path directory;

    @Test
    void nameIsLookedUpOnTheSearchPathInOrder() throws IOException {
        Path first = executable(directory.resolve("first"), "tool");
        executable(directory.resolve("second"), "tool");

        assertThat(Executables.find("tool", directory.resolve("first") + ":" + directory.resolve("second")))
                .isEqualTo(first);
    }

    @Test
    void filesThatCannotRunAndRelativeDirectoriesAreSkipped() throws IOException {
        Files.createDirectories(directory.resolve("plain"));
        Files.writeString(directory.resolve("plain/tool"), "");
        Files.createDirectories(directory.resolve("dir/tool"));
        Path runnable = executable(directory.resolve("bin"), "tool");

        assertThat(Executables.find("tool", "relative:" + directory.resolve("plain") + "::" + directory.resolve("dir")
                + ":" + directory.resolve("bin"))).isEqualTo(runnable);
    }

    @Test
    void absolutePathIsTakenAsItIs() throws IOException {
        Path tool = executable(directory, "tool");

        assertThat(Executables.find(tool.toString(), "")).isEqualTo(tool);
    }

    @Test
    void missingOrNotExecutableProgramIsReported() throws IOException {
        Path plain = Files.writeString(directory.resolve("plain"), "");

        assertThatThrownBy(() -> Executables.find("tool", "/nonexistent:/also-not"))
                .hasMessage("tool was not found on PATH /nonexistent:/also-not");
        assertThatThrownBy(() -> Executables.find(directory.resolve("none").toString(), ""))
                .hasMessage(directory.resolve("none") + " does not exist");
        assertThatThrownBy(() -> Executables.find(plain.toString(), ""))
                .hasMessage(plain + " is not an executable file");
    }

    private static Path executable(Path directory, String name) throws IOException {
        Files.createDirectories(directory);
        Path file = Files.writeString(directory.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
