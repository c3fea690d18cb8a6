package io.callisto.proxy.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenCheckTest {

    private final TokenCheck check = new TokenCheck(Optional.of("s3cret"));

    @Test
    void theRightTokenPasses() {
        assertThat(check.allows("token s3cret")).isTrue();
        assertThat(check.allows("token   s3cret")).isTrue();
        assertThat(check.allows("Token token s3cret")).isTrue();
    }

    @Test
    void aMissingOrWrongTokenIsRefused() {
        assertThat(check.allows(null)).isFalse();
        assertThat(check.allows("")).isFalse();
        assertThat(check.allows("token wrong")).isFalse();
        assertThat(check.allows("Bearer s3cret")).isFalse();
        assertThat(check.allows("token s3cret2")).isFalse();
        assertThat(check.allows("token s3creT")).isFalse();
        assertThat(check.allows("token  s3cre")).isFalse();
        assertThat(check.allows("token s3cre ")).isFalse();
    }

    @Test
    void withoutAConfiguredTokenEveryonePasses() {
        TokenCheck open = new TokenCheck(Optional.empty());
        assertThat(open.open()).isTrue();
        assertThat(open.allows(null)).isTrue();
    }
}
