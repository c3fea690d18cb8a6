package io.callisto.proxy.routes;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** CHP's rules for route paths: cleaning, percent-decoding and splitting into segments. */
public final class RoutePath {

    /** The root route, which matches every path. */
    public static final String ROOT = "/";

    private RoutePath() {
    }

    /**
     * The clean form of a route path: a leading {@code /} added when missing, trailing ones removed
     * unless the path is the root. {@code "user/alice/"} and {@code "/user/alice"} are the same route.
     */
    public static String clean(String path) {
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        if (end == 0) {
            return ROOT;
        }
        String trimmed = path.substring(0, end);
        return trimmed.charAt(0) == '/' ? trimmed : "/" + trimmed;
    }

    /**
     * Decodes {@code %XX} escapes as UTF-8, like JavaScript's {@code decodeURIComponent}: {@code +}
     * stays a plus sign. Returns the argument itself when it holds no escape.
     *
     * @throws IllegalArgumentException on a truncated escape, a non-hex digit, or bytes that are not UTF-8
     */
    public static String decode(String raw) {
        int first = raw.indexOf('%');
        if (first < 0) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 3);
        bytes.put(raw.substring(0, first).getBytes(StandardCharsets.UTF_8));
        for (int i = first; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated escape in " + raw);
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("bad escape in " + raw);
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else if (c < 0x80) {
                bytes.put((byte) c);
            } else {
                int codePoint = raw.codePointAt(i);
                bytes.put(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
            }
        }
        bytes.flip();
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("escapes in " + raw + " are not UTF-8", e);
        }
    }

    /**
     * The segments of a path, leading and trailing slashes ignored: {@code "/user/alice/"} gives
     * {@code [user, alice]}, the root gives none. Empty segments inside the path are kept, as in CHP.
     */
    public static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        int start = firstNonSlash(path);
        int end = endWithoutSlashes(path);
        while (start < end) {
            int slash = path.indexOf('/', start);
            if (slash < 0 || slash > end) {
                slash = end;
            }
            segments.add(path.substring(start, slash));
            start = slash + 1;
        }
        return segments;
    }

    static int firstNonSlash(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        return start;
    }

    static int endWithoutSlashes(String path) {
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        return end;
    }
}
