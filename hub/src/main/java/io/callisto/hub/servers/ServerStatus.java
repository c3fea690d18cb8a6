package io.callisto.hub.servers;

import jakarta.persistence.AttributeConverter;
import java.util.Locale;

/**
 * Where a server is in its life. {@code PENDING}: starting, not yet answering; {@code RUNNING}: answering
 * and routed; {@code STOPPING}: being stopped; {@code STOPPED}: not running; {@code FAILED}: not running
 * because the last start failed ({@link Server#failure} says why).
 */
public enum ServerStatus {
    PENDING, RUNNING, STOPPING, STOPPED, FAILED;

    public boolean active() {
        return this == PENDING || this == RUNNING || this == STOPPING;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Stores the status as the lower-case word the table's check constraint names. */
    @jakarta.persistence.Converter
    public static class Converter implements AttributeConverter<ServerStatus, String> {
        @Override
        public String convertToDatabaseColumn(ServerStatus status) {
            return status.label();
        }

        @Override
        public ServerStatus convertToEntityAttribute(String value) {
            return ServerStatus.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
