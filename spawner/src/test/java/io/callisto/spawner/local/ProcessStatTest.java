package io.callisto.spawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessStatTest {

    private static final String TAIL = " 0 0 4194560 100 0 0 0 1 2 0 0 20 0 1 0 123456 1000 10 18446744073709551615";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "plain name          | 77 (python3) S 1 77 77" + TAIL,
            "name with spaces    | 77 (my server) S 1 77 77" + TAIL,
            "name with ') S 9 9' | 77 (x) S 9 9 9 (y) S 1 77 77" + TAIL,
            "empty name          | 77 () S 1 77 77" + TAIL,
    })
    void fieldsAreCountedFromTheLastParenthesis(String description, String line) {
        assertThat(ProcessStat.parse(77, line)).isEqualTo(new ProcessStat(77, 'S', 1, 77, 77, 123456));
    }

    @Test
    void zombieIsNotLive() {
        assertThat(ProcessStat.parse(77, "77 (sh) Z 1 50 50" + TAIL).isLive()).isFalse();
        assertThat(ProcessStat.parse(77, "77 (sh) R 1 50 50" + TAIL).isLive()).isTrue();
    }

    @Test
    void leadingItsOwnSessionNeedsGroupAndSessionToBeThePid() {
        assertThat(ProcessStat.parse(77, "77 (sh) S 1 77 77" + TAIL).leadsItsOwnSession()).isTrue();
        assertThat(ProcessStat.parse(77, "77 (sh) S 1 77 50" + TAIL).leadsItsOwnSession()).isFalse();
        assertThat(ProcessStat.parse(77, "77 (sh) S 1 50 50" + TAIL).leadsItsOwnSession()).isFalse();
    }

    @Test
    void truncatedLineIsRejected() {
        assertThatThrownBy(() -> ProcessStat.parse(77, "77 (sh) S 1 77 77"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("too few fields in /proc/77/stat");
    }

    @Test
    void startTicksOfALiveProcessStayTheSame() {
        long pid = ProcessHandle.current().pid();

        ProcessStat first = ProcessStat.read(pid).orElseThrow();

        assertThat(first.pid()).isEqualTo(pid);
        assertThat(first.isLive()).isTrue();
        assertThat(ProcessStat.read(pid).orElseThrow().startTicks()).isEqualTo(first.startTicks());
    }

    @Test
    void allProcessesIncludeThisOne() {
        ProcessStat self = ProcessStat.read(ProcessHandle.current().pid()).orElseThrow();

        assertThat(ProcessStat.all()).extracting(ProcessStat::pid).contains(self.pid());
        assertThat(self.stillRuns()).isTrue();
    }

    @Test
    void processWithOtherStartTicksIsNotTheOneThatWasRead() {
        ProcessStat self = ProcessStat.read(ProcessHandle.current().pid()).orElseThrow();
        ProcessStat earlier = new ProcessStat(self.pid(), 'S', self.parent(), self.processGroup(), self.session(),
                self.startTicks() - 1);

        assertThat(earlier.stillRuns()).isFalse();
    }

    @Test
    void processThatDoesNotExistReadsAsEmpty() {
        assertThat(ProcessStat.read(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void bootIdIsTheKernels() {
        assertThat(ProcessStat.currentBootId()).matches("[0-9a-f-]{36}");
    }
}
