package dev.spool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.outcome.Outcome;
import dev.spool.testing.Await;
import dev.spool.testing.TestTimeouts;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Pool#submit(Task, Object, java.util.function.Consumer)} and {@link Pool#submitPastBound}. */
class PoolCallbackTest {

    private final PoolInvariants invariants = new PoolInvariants();
    private final List<Outcome<?>> unobserved = new CopyOnWriteArrayList<>();
    private final List<Outcome<Integer>> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void checkInvariants() throws InterruptedException {
        invariants.stopAndCheck();
        assertThat(unobserved).as("failures given to a callback count as observed").isEmpty();
    }

    private Pool pool(int workers, int queueCapacity) {
        return invariants.track(Pool.builder().workers(workers).queueCapacity(queueCapacity).handleSignals(false)
                .listener(invariants.listener()).onUnobservedFailure(unobserved::add).build());
    }

    @Test
    void submitWithCallback_successAndFailure_eachCallbackOnceWithItsOutcome() throws Exception {
        Pool pool = pool(2, Integer.MAX_VALUE);

        pool.submit(new TestTasks.Doubler(), 21, seen::add);
        Task<Integer, Integer> failing = (i, c) -> {
            throw new IllegalStateException("boom " + i);
        };
        pool.submit(failing, 5, seen::add);
        pool.close();

        assertThat(seen).hasSize(2);
        assertThat(seen).filteredOn(Outcome::isSuccess).singleElement()
                .extracting(Outcome::valueOrThrow).isEqualTo(42);
        assertThat(seen).filteredOn(o -> o instanceof Outcome.Failed<Integer>).singleElement()
                .satisfies(o -> assertThat(((Outcome.Failed<Integer>) o).error()).hasMessage("boom 5"));
    }

    @Test
    void submitWithCallback_refusedByShutDownPool_callbackHasNotRunBeforeTheException() {
        Pool pool = pool(1, Integer.MAX_VALUE);
        pool.shutdown();

        assertThatThrownBy(() -> pool.submit(new TestTasks.Doubler(), 1, seen::add))
                .isInstanceOf(PoolClosedException.class);
        assertThat(seen).singleElement().isInstanceOf(Outcome.NotRun.class);
    }

    @Test
    void submitPastBound_fullQueue_neverWaits() throws Exception {
        Pool pool = pool(1, 1);
        var release = new CountDownLatch(1);
        var running = new CountDownLatch(1);
        Task<Integer, Integer> blocking = (i, c) -> {
            running.countDown();
            release.await();
            return i;
        };
        pool.submit(blocking, 0, seen::add);
        Await.latch(running);
        pool.submit(new TestTasks.Doubler(), 1, seen::add); // the queue is full now

        for (int i = 2; i < 10; i++) { // would block on a full queue; must not
            pool.submitPastBound(new TestTasks.Doubler(), i, seen::add);
        }
        assertThat(pool.queued()).isEqualTo(9);
        release.countDown();
        assertThat(pool.awaitQuiescence(TestTimeouts.LONG)).isTrue();

        assertThat(seen).hasSize(10).allMatch(Outcome::isSuccess);
    }

    @Test
    void submitWithCallback_nullCallback_namesIt() {
        Pool pool = pool(1, Integer.MAX_VALUE);

        assertThatThrownBy(() -> pool.submit(new TestTasks.Doubler(), 1, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("whenDone");
    }
}
