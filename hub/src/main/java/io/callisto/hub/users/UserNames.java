package io.callisto.hub.users;

import io.callisto.hub.api.ApiException;
import java.util.Locale;

/**
 * The one place that says what a user name may be. Names are normalised as JupyterHub's default
 * authenticator does (lower case), then validated: 1 to 255 characters, no {@code /}, not {@code .} or
 * {@code ..}, no control characters, no surrounding white space.
 */
public final class UserNames {

    public static final int MAX_LENGTH = 255;

    private UserNames() {
    }

    /** The normalised form of a name as given (null stays null). Does not validate. */
    public static String normalise(String name) {
        return name == null ? null : name.toLowerCase(Locale.ROOT);
    }

    /** The normalised name, or a 400 that says what is wrong with it. */
    public static String valid(String name) {
        if (name == null || name.isEmpty()) {
            throw ApiException.badRequest("User name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw ApiException.badRequest("User name must be at most " + MAX_LENGTH + " characters");
        }
        if (name.contains("/")) {
            throw ApiException.badRequest("User name must not contain '/'");
        }
        if (name.equals(".") || name.equals("..")) {
            throw ApiException.badRequest("User name must not be '.' or '..'");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("User name must not contain control characters");
        }
        if (!name.strip().equals(name)) {
            throw ApiException.badRequest("User name must not begin or end with white space");
        }
        return normalise(name);
    }
}
