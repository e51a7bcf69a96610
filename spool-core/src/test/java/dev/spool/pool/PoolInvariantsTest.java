package dev.spool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.monitor.PoolEvent;
import dev.spool.outcome.Outcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The invariant check itself: it passes on a well-behaved pool and fails on each broken invariant. */
class PoolInvariantsTest {

    private static final Instant T = Instant.EPOCH;

    private static Outcome<Integer> succeeded(long seq) {
        return new Outcome.Succeeded<>(new Outcome.TaskInfo(seq, 1, "w", T, T, T), 1);
    }

    @Test
    void check_realPoolAfterItsTasks_passes() throws Exception {
        var invariants = new PoolInvariants();
        Pool pool = invariants.track(Pool.builder().workers(2).handleSignals(false)
                .listener(invariants.listener()).build());
        assertThat(pool.submit(new TestTasks.Doubler(), 2).await().valueOrThrow()).isEqualTo(4);

        invariants.stopAndCheck();
    }

    @Test
    void check_taskWithoutOutcome_fails() {
        var invariants = new PoolInvariants();
        invariants.listener().onEvent(new PoolEvent.Submitted("p", T, 1));

        assertThatThrownBy(invariants::check).isInstanceOf(AssertionError.class).hasMessageContaining("task 1");
    }

    @Test
    void check_twoOutcomesForOneTask_fails() {
        var invariants = new PoolInvariants();
        invariants.listener().onEvent(new PoolEvent.Submitted("p", T, 1));
        invariants.listener().onEvent(new PoolEvent.Finished("p", T, succeeded(1)));
        invariants.listener().onEvent(new PoolEvent.Finished("p", T, succeeded(1)));

        assertThatThrownBy(invariants::check).isInstanceOf(AssertionError.class).hasMessageContaining("task 1");
    }

    @Test
    void check_workerNeverStopped_fails() {
        var invariants = new PoolInvariants();
        invariants.listener().onEvent(new PoolEvent.WorkerStarted("p", T, "p-worker-1"));

        assertThatThrownBy(invariants::check).isInstanceOf(AssertionError.class)
                .hasMessageContaining("every worker that started has stopped");
    }

    @Test
    void check_poolLeftRunning_fails() throws Exception {
        var invariants = new PoolInvariants();
        Pool pool = invariants.track(Pool.builder().workers(1).handleSignals(false).build());
        try {
            pool.submit(new TestTasks.Doubler(), 1).await();

            assertThatThrownBy(invariants::check).isInstanceOf(AssertionError.class).hasMessageContaining("terminated");
        } finally {
            pool.close();
        }
    }
}
