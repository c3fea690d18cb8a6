package io.callisto.proxy.routes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CHP's API authorization: the {@code Authorization} header must hold {@code token <t>} with the
 * configured token. With no token configured, every request passes (CHP warns about that at start).
 */
final class TokenCheck {

    /** CHP's own pattern, unanchored: {@code token\s+(\S+)}. */
    private static final Pattern TOKEN = Pattern.compile("token\\s+(\\S+)");

    private static final String SCHEME = "token ";

    private final byte[] expected;
    /** {@code token <t>}: the header as clients almost always send it, checked without the pattern. */
    private final byte[] expectedHeader;

    TokenCheck(Optional<String> token) {
        this.expected = token.filter(t -> !t.isEmpty())
                .map(t -> t.getBytes(StandardCharsets.UTF_8))
                .orElse(null);
        this.expectedHeader = expected == null ? null : (SCHEME + token.get()).getBytes(StandardCharsets.UTF_8);
    }

    boolean open() {
        return expected == null;
    }

    /** Whether a request with this {@code Authorization} header (null when absent) may use the API. */
    boolean allows(String authorization) {
        if (expected == null) {
            return true;
        }
        if (authorization == null) {
            return false;
        }
        // A header of exactly this length that starts with "token " matches the pattern with the
        // right token only if it is exactly this header, so the pattern is needed only otherwise.
        if (authorization.length() == expectedHeader.length && authorization.startsWith(SCHEME)) {
            return MessageDigest.isEqual(expectedHeader, authorization.getBytes(StandardCharsets.UTF_8));
        }
        Matcher matcher = TOKEN.matcher(authorization);
        return matcher.find()
                && MessageDigest.isEqual(expected, matcher.group(1).getBytes(StandardCharsets.UTF_8));
    }
}
