package io.callisto.spawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogTailTest {

    @TempDir
    Path directory;

    static Stream<Arguments> contents() {
        return Stream.of(
                arguments("", 3, List.of()),
                arguments("a", 3, List.of("a")),
                arguments("a\n", 3, List.of("a")),
                arguments("a\nb\nc\n", 2, List.of("b", "c")),
                arguments("a\nb\nc", 2, List.of("b", "c")),
                arguments("a\nb\nc\n", 3, List.of("a", "b", "c")),
                arguments("a\nb\nc\n", 5, List.of("a", "b", "c")),
                arguments("a\r\nb\r\n", 5, List.of("a", "b")),
                arguments("a\n\n", 5, List.of("a", "")),
                arguments("\n", 5, List.of("")),
                arguments("a\nb\n", 0, List.of()),
                arguments("é\n\u00ff\n", 5, List.of("é", "\u00ff")));
    }

    @ParameterizedTest
    @MethodSource("contents")
    void returnsTheLastLinesWithoutTerminators(String content, int maxLines, List<String> expected) throws IOException {
        Path file = Files.writeString(directory.resolve("log"), content);

        assertThat(LogTail.lastLines(file, maxLines)).isEqualTo(expected);
    }

    @Test
    void readsLinesAcrossManyBlocks() throws IOException {
        Path file = Files.write(directory.resolve("log"),
                IntStream.rangeClosed(1, 100_000).mapToObj(i -> "line " + i).collect(Collectors.toList()));

        assertThat(LogTail.lastLines(file, 3000))
                .hasSize(3000)
                .startsWith("line 97001")
                .endsWith("line 100000");
    }

    @Test
    void lineLongerThanTheByteBoundIsCutAtTheBound() throws IOException {
        String longLine = "x".repeat(LogTail.MAX_BYTES + 10);
        Path file = Files.writeString(directory.resolve("log"), "first\n" + longLine + "\nlast\n");

        List<String> lines = LogTail.lastLines(file, 10);

        assertThat(lines).hasSize(2).endsWith("last");
        assertThat(lines.get(0)).hasSize(LogTail.MAX_BYTES - "last\n".length()).matches("x+");
    }

    @Test
    void bytesThatAreNotUtf8BecomeReplacementCharacters() throws IOException {
        Path file = Files.write(directory.resolve("log"), new byte[] {'o', 'k', (byte) 0xff, '\n'});

        assertThat(LogTail.lastLines(file, 1)).containsExactly("ok\uFFFD");
    }

    @Test
    void missingFileCannotBeRead() {
        assertThatThrownBy(() -> LogTail.lastLines(directory.resolve("none"), 1)).isInstanceOf(NoSuchFileException.class);
    }
}
