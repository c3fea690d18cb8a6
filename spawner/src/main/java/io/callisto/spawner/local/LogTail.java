package io.callisto.spawner.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The last lines of a log file, read backwards from its end in blocks, so the cost follows the
 * lines asked for and not the file's size. At most {@value #MAX_BYTES} bytes are read: a line that
 * starts before that bound is returned from the bound on.
 */
final class LogTail {

    static final int MAX_BYTES = 1 << 20;
    private static final int BLOCK = 8192;

    private LogTail() {
    }

    /**
     * Up to {@code maxLines} last lines, oldest first, decoded as UTF-8 (bad bytes become U+FFFD),
     * without line terminators ({@code \n} or {@code \r\n}). Empty when the file is empty or
     * {@code maxLines} is not positive.
     *
     * @throws IOException when the file cannot be read, e.g. does not exist
     */
    static List<String> lastLines(Path file, int maxLines) throws IOException {
        if (maxLines <= 0) {
            return List.of();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                return List.of();
            }
            long end = read(channel, size - 1, 1)[0] == '\n' ? size - 1 : size;
            long start = startOfLastLines(channel, end, maxLines);
            String text = new String(read(channel, start, (int) (end - start)), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            for (String line : text.split("\n", -1)) {
                lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            }
            return lines;
        }
    }

    /** Where the {@code maxLines}-th line before {@code end} starts, or the start of the file, or the byte bound. */
    private static long startOfLastLines(FileChannel channel, long end, int maxLines) throws IOException {
        long limit = Math.max(0, end - MAX_BYTES);
        long blockEnd = end;
        int newlines = 0;
        while (blockEnd > limit) {
            long blockStart = Math.max(limit, blockEnd - BLOCK);
            byte[] block = read(channel, blockStart, (int) (blockEnd - blockStart));
            for (int i = block.length - 1; i >= 0; i--) {
                if (block[i] == '\n' && ++newlines == maxLines) {
                    return blockStart + i + 1;
                }
            }
            blockEnd = blockStart;
        }
        return limit;
    }

    private static byte[] read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("the file shrank while being read");
            }
        }
        return buffer.array();
    }
}
