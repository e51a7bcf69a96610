package dev.spool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.monitor.Stats;
import dev.spool.outcome.Outcome;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool's built-in statistics, fed by its own events. */
class PoolStatsTest {

    /** Every pool of the test, checked after it: one outcome per task, no loop or child left. */
    private final PoolInvariants invariants = new PoolInvariants();

    @AfterEach
    void checkInvariants() throws InterruptedException {
        invariants.stopAndCheck();
    }


    @Test
    void stats_afterMapOverCollection_countsEveryOutcomeAndKnowsTheTotal() {
        List<Integer> inputs = IntStream.range(0, 200).boxed().toList();
        Stats stats;
        try (Pool pool = invariants.track(Pool.builder().workers(2).collectStats(true).handleSignals(false).name("st")
                .listener(invariants.listener()).build())) {
            try (var outcomes = pool.map(new TestTasks.Doubler(), inputs)) {
                assertThat(outcomes.filter(Outcome::isSuccess).count()).isEqualTo(200);
            }
            try (var failures = pool.map(new TestTasks.Failer(), List.of(1, 2, 3))) {
                assertThat(failures.count()).isEqualTo(3);
            }
            stats = pool.stats();
        }
        assertThat(stats.pool()).isEqualTo("st");
        assertThat(stats.submitted()).isEqualTo(203);
        assertThat(stats.succeeded()).isEqualTo(200);
        assertThat(stats.failed()).isEqualTo(3);
        assertThat(stats.running()).isZero();
        assertThat(stats.queued()).isZero();
        assertThat(stats.total()).contains(203L);
        assertThat(stats.fractionDone()).isEqualTo(1.0);
        assertThat(stats.toString()).startsWith("st: 203/203 done (3 failed)");
    }

    @Test
    void stats_notCollected_saysHowToEnable() {
        try (Pool pool = invariants.track(Pool.builder().workers(1).handleSignals(false).name("nostats")
                .listener(invariants.listener()).build())) {
            assertThatThrownBy(pool::stats).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("nostats").hasMessageContaining("collectStats(true)");
        }
    }
}
