package io.callisto.hub.ipython;

import io.callisto.hub.api.ApiException;

/** Query parameters of the IPython endpoints, read so that a bad value is a 400 naming it (not JAX-RS's 404). */
final class Params {

    private Params() {
    }

    /** An integer in {@code [min, max]}, or {@code fallback} when absent. */
    static Integer integer(String name, String value, Integer fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be a whole number, not '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw ApiException.badRequest("'" + name + "' must be between " + min + " and " + max + ", not " + parsed);
        }
        return parsed;
    }

    /** {@code true}/{@code 1} or {@code false}/{@code 0}; {@code fallback} when absent. */
    static boolean bool(String name, String value, boolean fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest("'" + name + "' must be true or false, not '" + value + "'");
        };
    }
}
