package dev.spool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.outcome.Outcome;
import dev.spool.stop.StopToken;
import dev.spool.testing.Await;
import dev.spool.testing.TestTimeouts;
import dev.spool.testing.ThreadDumps;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Recursive submission through {@link TaskContext#submit} and {@link Pool#awaitQuiescence()}. */
class PoolQuiescenceTest {

    private final PoolInvariants invariants = new PoolInvariants();

    @AfterEach
    void checkInvariants() throws InterruptedException {
        invariants.stopAndCheck();
    }

    private Pool pool(WorkerKind kind, int workers, int queueCapacity) {
        return invariants.track(Pool.builder().kind(kind).workers(workers).queueCapacity(queueCapacity)
                .handleSignals(false).listener(invariants.listener()).build());
    }

    /** Node n has children 4n+1 .. 4n+4 while they are below the limit: a tree of `limit` nodes. */
    private record Tree(int limit, Set<Integer> visited, AtomicLong duplicates) implements Task<Integer, Void> {
        @Override
        public Void run(Integer node, TaskContext context) {
            if (!visited.add(node)) {
                duplicates.incrementAndGet();
            }
            for (int child = 4 * node + 1; child <= 4 * node + 4 && child < limit; child++) {
                context.submit(this, child);
            }
            return null;
        }
    }

    @Test
    void awaitQuiescence_recursiveTreeOnBoundedQueue_returnsOnceEveryNodeRan() throws Exception {
        for (WorkerKind kind : new WorkerKind[] {WorkerKind.PLATFORM, WorkerKind.VIRTUAL}) {
            for (int round = 0; round < 10; round++) {
                // capacity 1, 1 or 2 workers: a task that waited for room in its own pool would hang here.
                // Outside `invariants`, whose event list is copied on every write: 2,000 tasks per round.
                Pool pool = Pool.builder().kind(kind).workers(1 + round % 2).queueCapacity(1)
                        .handleSignals(false).build();
                var tree = new Tree(2_000, ConcurrentHashMap.newKeySet(), new AtomicLong());

                pool.submit(tree, 0);
                if (!pool.awaitQuiescence(TestTimeouts.LONG)) {
                    throw new AssertionError(pool + " not quiescent\n" + ThreadDumps.all());
                }

                assertThat(tree.visited()).as("%s round %d", kind, round).hasSize(2_000);
                assertThat(tree.duplicates()).hasValue(0);
                assertThat(pool.unfinished()).isZero();
                assertThat(pool.queued()).isZero();
                pool.close();
            }
        }
    }

    @Test
    void awaitQuiescence_whileATaskRuns_timesOutThenReturnsOnceItEnds() throws Exception {
        Pool pool = pool(WorkerKind.PLATFORM, 1, Integer.MAX_VALUE);
        var release = new CountDownLatch(1);
        var running = new CountDownLatch(1);
        TaskHandle<Integer> handle = pool.submit(() -> {
            running.countDown();
            release.await();
            return 7;
        });
        Await.latch(running);

        assertThat(pool.unfinished()).isEqualTo(1);
        assertThat(pool.awaitQuiescence(TestTimeouts.EXPECTED_EXPIRY)).isFalse();
        release.countDown();
        assertThat(pool.awaitQuiescence(TestTimeouts.LONG)).isTrue();
        assertThat(handle.outcomeNow()).map(Outcome::valueOrThrow).contains(7);
    }

    @Test
    void awaitQuiescence_poolStoppedMidTree_returnsWithEveryTaskDecided() throws Exception {
        Pool pool = pool(WorkerKind.PLATFORM, 2, 4);
        var started = new AtomicLong();
        Task<Integer, Void> endless = new Task<>() {
            @Override
            public Void run(Integer n, TaskContext context) {
                if (started.incrementAndGet() == 200) {
                    context.pool().stop();
                }
                try {
                    context.submit(this, n + 1);
                    context.submit(this, n + 1);
                } catch (PoolClosedException refused) {
                    // the stop refuses more work; the refused task has ended not run
                }
                return null;
            }
        };
        pool.submit(endless, 0);

        assertThat(pool.awaitQuiescence(TestTimeouts.LONG)).as("%s", pool).isTrue();
        assertThat(pool.unfinished()).isZero();
    }

    @Test
    void submit_fromAContextWithoutPool_namesTheTaskAndWorker() {
        var context = new TaskContext(3, 1, "pid 42", new StopToken());

        assertThatThrownBy(() -> context.submit((i, c) -> i, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("task 3 on pid 42");
    }

    @Test
    void awaitQuiescence_negativeTimeout_namesIt() {
        Pool pool = pool(WorkerKind.PLATFORM, 1, Integer.MAX_VALUE);

        assertThatThrownBy(() -> pool.awaitQuiescence(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    }
}
