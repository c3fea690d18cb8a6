package io.callisto.hub.api;

/**
 * The rule for names that appear in URLs (server, group, role and service names): 1 to 255 characters,
 * no {@code /}, no control characters. User names have their own, stricter rule ({@code UserNames}).
 */
public final class Names {

    public static final int MAX_LENGTH = 255;

    private Names() {
    }

    /** {@code name} when it follows the rule, else a 400 that starts with {@code what} ("Group name"). */
    public static String valid(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw ApiException.badRequest(what + " must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw ApiException.badRequest(what + " must be at most " + MAX_LENGTH + " characters");
        }
        if (name.contains("/") || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(what + " must not contain '/' or control characters");
        }
        return name;
    }
}
