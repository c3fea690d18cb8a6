package io.callisto.hub.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.callisto.hub.api.ApiException;
import java.nio.charset.StandardCharsets;

/** Password hashing (bcrypt, cost 10) and the rules a new password must meet. */
public final class Passwords {

    public static final int MIN_LENGTH = 8;
    /** bcrypt reads at most 72 bytes; longer passwords would be silently cut. */
    public static final int MAX_BYTES = 72;
    private static final int COST = 10;
    /** A hash of nothing anyone knows, checked for unknown users so that timing does not tell who exists. */
    private static final String DECOY = new String(BCrypt.withDefaults().hash(COST, "decoy".toCharArray()), StandardCharsets.UTF_8);

    private Passwords() {
    }

    /** The bcrypt hash of a password that meets the rules; a 400 saying which rule it breaks otherwise. */
    public static String hash(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw ApiException.badRequest("Password must be at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw ApiException.badRequest("Password must be at most " + MAX_BYTES + " bytes");
        }
        return new String(BCrypt.withDefaults().hash(COST, password.toCharArray()), StandardCharsets.UTF_8);
    }

    /** Whether {@code password} matches {@code hash}; a null hash (no password set) matches nothing. */
    public static boolean matches(String password, String hash) {
        if (password == null) {
            return false;
        }
        boolean ok = BCrypt.verifyer().verify(password.toCharArray(), hash == null ? DECOY : hash).verified;
        return ok && hash != null;
    }
}
