package dev.spool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.monitor.PoolEvent;
import dev.spool.outcome.Outcome;
import dev.spool.testing.Await;
import dev.spool.testing.TestThreads;
import dev.spool.testing.TestTimeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Time-bounded stress loops: nothing lost, nothing twice; a hang fails with a thread dump. */
class PoolStressTest {

    /** Adds its input to nothing: returns it, so the consumer can sum. */
    public static final class Identity implements Task<Long, Long> {
        @Override
        public Long run(Long input, TaskContext context) {
            return input;
        }
    }

    @Test
    void map_fourProducersMillionTasks_countAndSumExact() throws Exception {
        long perProducer = 250_000;
        AtomicLong count = new AtomicLong();
        AtomicLong sum = new AtomicLong();
        try (Pool pool = Pool.builder().workers(2).handleSignals(false).build();
             TestThreads threads = new TestThreads()) {
            for (int p = 0; p < 4; p++) {
                long base = p * perProducer;
                threads.start("producer-" + p, () -> {
                    var inputs = LongStream.range(base, base + perProducer).boxed();
                    try (var outcomes = pool.map(new Identity(), inputs,
                            MapOptions.completionOrder().chunkSize(64))) {
                        outcomes.forEach(o -> {
                            count.incrementAndGet();
                            sum.addAndGet(o.valueOrThrow());
                        });
                    }
                });
            }
            threads.joinAll(TestTimeouts.LONG);
        }
        long n = 4 * perProducer;
        assertThat(count.get()).isEqualTo(n);
        assertThat(sum.get()).isEqualTo(n * (n - 1) / 2);
    }

    @RepeatedTest(20)
    void submitRacingStop_everySubmittedTaskEndsExactlyOnce() throws Exception {
        List<Long> submitted = new CopyOnWriteArrayList<>();
        List<Long> finished = new CopyOnWriteArrayList<>();
        Pool pool = Pool.builder().workers(2).handleSignals(false).listener(event -> {
            switch (event) {
                case PoolEvent.Submitted s -> submitted.add(s.seq());
                case PoolEvent.Finished f -> finished.add(f.outcome().info().seq());
                default -> { }
            }
        }).build();
        List<TaskHandle<Long>> accepted = new CopyOnWriteArrayList<>();
        AtomicLong rejected = new AtomicLong();
        try (TestThreads threads = new TestThreads()) {
            for (int p = 0; p < 3; p++) {
                threads.start("submitter-" + p, () -> {
                    for (long i = 0; i < 2_000; i++) {
                        try {
                            accepted.add(pool.submit(new Identity(), i));
                        } catch (PoolClosedException e) {
                            rejected.incrementAndGet();
                        }
                    }
                });
            }
            threads.start("stopper", () -> {
                while (accepted.size() < 500) {
                    Thread.onSpinWait();
                }
                pool.stop();
            });
            threads.joinAll(TestTimeouts.LONG);
        }
        Await.termination(pool);

        List<Outcome<Long>> outcomes = new ArrayList<>();
        for (TaskHandle<Long> handle : accepted) {
            outcomes.add(Await.outcome(handle));
        }
        assertThat(outcomes).allMatch(o -> o instanceof Outcome.Succeeded<Long> || o instanceof Outcome.NotRun<Long>);
        assertThat(accepted.size() + rejected.get()).isEqualTo(6_000);
        assertThat(submitted).doesNotHaveDuplicates().hasSize(6_000);
        assertThat(finished).doesNotHaveDuplicates();
        assertThat(Set.copyOf(finished)).isEqualTo(Set.copyOf(submitted));
    }
}
