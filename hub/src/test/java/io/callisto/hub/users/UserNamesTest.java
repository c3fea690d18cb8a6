package io.callisto.hub.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callisto.hub.api.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UserNamesTest {

    @ParameterizedTest
    @CsvSource({"alice,alice", "Alice,alice", "ÜNÏCODE@example.org,ünïcode@example.org", "a_b,a_b", "-x,-x", "x.y,x.y"})
    void validNamesAreLowerCased(String given, String normalised) {
        assertThat(UserNames.valid(given)).isEqualTo(normalised);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", ".", "..", "tab\there", "new\nline", " padded", "padded "})
    void invalidNamesAreRefusedWithA400(String name) {
        assertThatThrownBy(() -> UserNames.valid(name)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
    }

    @ParameterizedTest
    @ValueSource(ints = {255, 256})
    void namesAreAtMost255Characters(int length) {
        String name = "n".repeat(length);
        if (length <= UserNames.MAX_LENGTH) {
            assertThat(UserNames.valid(name)).isEqualTo(name);
        } else {
            assertThatThrownBy(() -> UserNames.valid(name)).hasMessageContaining("255");
        }
    }
}
