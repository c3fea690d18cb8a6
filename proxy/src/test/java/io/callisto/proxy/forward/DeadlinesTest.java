package io.callisto.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    private final List<String> expired = new ArrayList<>();
    private final Deadlines deadlines = new Deadlines(1000);

    private Deadlines.Waiter waiter(String name) {
        return new Deadlines.Waiter() {
            @Override
            void deadlinePassed() {
                expired.add(name);
            }
        };
    }

    @Test
    void waitsExpireOldestFirstOnceTheirLimitHasPassed() {
        Deadlines.Waiter first = waiter("first");
        Deadlines.Waiter second = waiter("second");
        deadlines.start(first, 0);
        deadlines.start(second, 500_000_000L);

        deadlines.expire(999_000_000L);
        assertThat(expired).isEmpty();
        deadlines.expire(1_000_000_000L);
        assertThat(expired).containsExactly("first");
        deadlines.expire(2_000_000_000L);
        assertThat(expired).containsExactly("first", "second");
    }

    @Test
    void anEndedWaitNeverExpiresAndEndingTwiceIsHarmless() {
        Deadlines.Waiter first = waiter("first");
        Deadlines.Waiter middle = waiter("middle");
        Deadlines.Waiter last = waiter("last");
        deadlines.start(first, 0);
        deadlines.start(middle, 1);
        deadlines.start(last, 2);

        deadlines.end(middle);
        deadlines.end(middle);
        deadlines.expire(10_000_000_000L);

        assertThat(expired).containsExactly("first", "last");
    }

    @Test
    void checksRunAtATenthOfTheLimitWithinBounds() {
        assertThat(Deadlines.checkEveryMillis(300_000)).isEqualTo(1000);
        assertThat(Deadlines.checkEveryMillis(1000)).isEqualTo(100);
        assertThat(Deadlines.checkEveryMillis(20)).isEqualTo(10);
    }
}
