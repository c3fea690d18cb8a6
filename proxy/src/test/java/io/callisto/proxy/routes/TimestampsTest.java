package io.callisto.proxy.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void timestampsAreUtcWithMillisecondsAndZ() {
        assertThat(Timestamps.format(0)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(Timestamps.format(Instant.parse("2024-05-01T09:30:01.250Z").toEpochMilli()))
                .isEqualTo("2024-05-01T09:30:01.250Z");
    }

    @Test
    void isoDatesAreReadWithOrWithoutZone() {
        Instant expected = Instant.parse("2024-05-01T09:30:00Z");
        assertThat(Timestamps.parse("2024-05-01T09:30:00.000Z")).isEqualTo(expected);
        assertThat(Timestamps.parse("2024-05-01T11:30:00+02:00")).isEqualTo(expected);
        assertThat(Timestamps.parse("2024-05-01T09:30:00")).isEqualTo(expected);
        assertThat(Timestamps.parse("2024-05-01")).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    }

    @Test
    void otherTextIsRejected() {
        assertThatThrownBy(() -> Timestamps.parse("endoftheuniverse")).isInstanceOf(DateTimeParseException.class);
    }
}
