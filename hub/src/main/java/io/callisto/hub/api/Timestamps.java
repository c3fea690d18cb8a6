package io.callisto.hub.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Timestamps as the API writes and reads them: ISO 8601 in UTC, e.g. {@code 2026-11-21T18:15:00.123Z}. */
public final class Timestamps {

    private Timestamps() {
    }

    public static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** Parses a timestamp from a request; a 400 naming the field when it is not one. */
    public static Instant parse(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            throw ApiException.badRequest("'" + field + "' must be an ISO 8601 timestamp in UTC, e.g. 2026-01-31T12:00:00Z, not " + value);
        }
    }
}
