package io.callisto.hub.ipython;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpythonGlobsTest {

    @Test
    void starsAndQuestionMarksBecomeDotsAndTheRestIsLiteral() {
        assertThat(Globs.toRegex("*")).isEqualTo("^.*$");
        assertThat(Globs.toRegex("*foo*")).isEqualTo("^.*foo.*$");
        assertThat(Globs.toRegex("a?c")).isEqualTo("^a.c$");
        assertThat(Globs.toRegex("***x")).isEqualTo("^.*x$");
        assertThat(Globs.toRegex("x.y(1)+$^|{2}\\")).isEqualTo("^x\\.y\\(1\\)\\+\\$\\^\\|\\{2\\}\\\\$");
    }

    @Test
    void setsKeepTheirMeaningAndBothNegations() {
        assertThat(Globs.toRegex("[abc]")).isEqualTo("^[abc]$");
        assertThat(Globs.toRegex("[a-z]*")).isEqualTo("^[a-z].*$");
        assertThat(Globs.toRegex("[^ab]")).isEqualTo("^[^ab]$");
        assertThat(Globs.toRegex("[!ab]")).isEqualTo("^[^ab]$");
        assertThat(Globs.toRegex("[]x]")).isEqualTo("^[]x]$");
        assertThat(Globs.toRegex("[\\[]")).isEqualTo("^[\\\\\\[]$");
    }

    @Test
    void anUnclosedBracketIsLiteral() {
        assertThat(Globs.toRegex("a[b")).isEqualTo("^a\\[b$");
        assertThat(Globs.toRegex("[")).isEqualTo("^\\[$");
    }

    @Test
    void aBackwardsRangeIsRefused() {
        assertThatThrownBy(() -> Globs.toRegex("[z-a]")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("z-a");
    }
}
