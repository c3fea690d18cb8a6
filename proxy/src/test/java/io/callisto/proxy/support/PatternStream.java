package io.callisto.proxy.support;

import java.io.InputStream;
import java.util.zip.CRC32;

/** A body of any length made up on the fly, so tests never hold it: byte {@code i} is {@code i * 31 mod 251}. */
public final class PatternStream extends InputStream {

    private final long length;
    private long position;

    public PatternStream(long length) {
        this.length = length;
    }

    /** The CRC-32 of the first {@code length} bytes of the pattern. */
    public static long crc(long length) {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        try (PatternStream stream = new PatternStream(length)) {
            for (int n = stream.read(buffer, 0, buffer.length); n >= 0; n = stream.read(buffer, 0, buffer.length)) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }

    @Override
    public int read() {
        return position < length ? (int) (position++ * 31 % 251) : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) {
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(count, length - position);
        for (int i = 0; i < n; i++) {
            buffer[offset + i] = (byte) (position++ * 31 % 251);
        }
        return n;
    }

    @Override
    public void close() {
        position = length;
    }
}
