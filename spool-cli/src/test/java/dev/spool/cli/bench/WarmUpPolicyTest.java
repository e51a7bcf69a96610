package dev.spool.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When a warm-up ends, on synthetic rates and times: not while the rate still rises or before its time,
 * soon after it levels off, at its time limit in any case.
 */
class WarmUpPolicyTest {

    private static final Duration RUN = Duration.ofMillis(100);

    /** How many runs a warm-up makes when its runs have these rates in turn and take {@link #RUN} each. */
    private static int runsUntilDone(WarmUpPolicy policy, double... rates) {
        List<Double> seen = new ArrayList<>();
        for (double rate : rates) {
            if (policy.done(seen, RUN.multipliedBy(seen.size()))) {
                return seen.size();
            }
            seen.add(rate);
        }
        assertThat(policy.done(seen, RUN.multipliedBy(seen.size()))).as("done after all of %s", seen).isTrue();
        return seen.size();
    }

    @Test
    void done_rateStillRising_goesOnUntilItLevelsOff() {
        // a JIT at work: each run faster than the best before it, then runs within 5% of 8000
        int runs = runsUntilDone(WarmUpPolicy.atLeast(1), 2000, 3000, 4500, 6000, 8000, 8100, 7900, 8200);

        assertThat(runs).isEqualTo(7); // 8100 and 7900 are the two runs that do not beat 8000 by 5%
    }

    @Test
    void done_levelFromTheStart_endsAfterTheFewestRunsThatShowIt() {
        WarmUpPolicy policy = WarmUpPolicy.atLeast(1);

        assertThat(policy.fewestRuns()).isEqualTo(3);
        assertThat(runsUntilDone(policy, 5000, 5100, 4900, 5000)).isEqualTo(3);
    }

    @Test
    void done_oneRunAboveTheBestBefore_countsAsRising() {
        // 1000, 1000, then 1200 beats the best before it by 20%: not level yet
        assertThat(runsUntilDone(WarmUpPolicy.atLeast(1), 1000, 1000, 1200, 1210, 1190)).isEqualTo(5);
    }

    @Test
    void done_levelButBeforeTheMinimumTime_goesOnUntilThen() {
        // level from the start, but 1 s of 100 ms runs is 10 runs (a plateau before the optimising JIT)
        WarmUpPolicy policy = WarmUpPolicy.atLeast(1).forAtLeast(Duration.ofSeconds(1));

        assertThat(runsUntilDone(policy, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500)).isEqualTo(10);
    }

    @Test
    void done_neverLevels_stopsAtTheMaximumTime() {
        double[] rising = new double[200];
        for (int i = 0; i < rising.length; i++) {
            rising[i] = 100 * Math.pow(1.1, i);
        }
        WarmUpPolicy policy = WarmUpPolicy.atLeast(2);

        assertThat(runsUntilDone(policy, rising)).isEqualTo((int) (WarmUpPolicy.MAX_TIME.toMillis() / RUN.toMillis()));
    }

    @Test
    void done_minimumRunsLongerThanTheMaximumTime_stillMakesThem() {
        WarmUpPolicy policy = new WarmUpPolicy(5, Duration.ZERO, Duration.ofMillis(150));

        assertThat(runsUntilDone(policy, 100, 200, 300, 400, 500, 600, 700)).isEqualTo(5);
    }

    @Test
    void atLeastZero_noWarmUpAtAll() {
        WarmUpPolicy policy = WarmUpPolicy.atLeast(0).forAtLeast(Duration.ofSeconds(1));

        assertThat(policy.fewestRuns()).isZero();
        assertThat(policy.done(List.of(), Duration.ZERO)).isTrue();
    }

    @Test
    void new_maxTimeBelowMinTime_rejectedNamingBoth() {
        assertThatThrownBy(() -> new WarmUpPolicy(1, Duration.ofSeconds(3), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min time PT3S").hasMessageContaining("max time PT2S");
    }
}
