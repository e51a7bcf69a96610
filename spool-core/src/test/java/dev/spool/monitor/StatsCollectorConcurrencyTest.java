package dev.spool.monitor;

import static dev.spool.monitor.Events.finished;
import static dev.spool.monitor.Events.ran;
import static dev.spool.monitor.Events.retried;
import static dev.spool.monitor.Events.started;
import static dev.spool.monitor.Events.submitted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.outcome.Outcome;
import dev.spool.testing.TestThreads;
import dev.spool.testing.TestTimeouts;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StatsCollectorConcurrencyTest {

    private static final int THREADS = 4;
    private static final int EVENTS_PER_THREAD = 100_000;
    /** Submitted, started, retried, started again, finished. */
    private static final int EVENTS_PER_TASK = 5;
    private static final int TASKS_PER_THREAD = EVENTS_PER_THREAD / EVENTS_PER_TASK;
    private static final Instant T0 = Instant.parse("2026-11-25T01:00:00Z");

    @Test
    void onEvent_fourThreadsOfHundredThousandEvents_countsExactly() throws Exception {
        var collector = new StatsCollector(Events.POOL, new ManualClock(T0.plusSeconds(60)));
        var go = new CountDownLatch(1);
        var feeding = new AtomicBoolean(true);
        var error = new IOException("flaky");

        try (var reader = new TestThreads()) {
            reader.start("reader", () -> {
                assertThat(go.await(TestTimeouts.SHORT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
                while (feeding.get()) {
                    Stats stats = collector.snapshot();
                    assertThat(stats.finished()).isLessThanOrEqualTo(stats.submitted());
                    assertThat(stats.running() + stats.queued()).isLessThanOrEqualTo(stats.submitted());
                }
            });
            try (var feeders = new TestThreads()) {
                for (int t = 0; t < THREADS; t++) {
                    long firstSeq = (long) t * TASKS_PER_THREAD + 1;
                    feeders.start("feeder-" + t, () -> {
                        assertThat(go.await(TestTimeouts.SHORT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
                        feed(collector, firstSeq, error);
                    });
                }
                go.countDown();
            } finally {
                feeding.set(false);
            }
        }

        Stats stats = collector.snapshot();
        long tasks = (long) THREADS * TASKS_PER_THREAD;
        assertThat(stats.submitted()).isEqualTo(tasks);
        assertThat(stats.retries()).isEqualTo(tasks);
        assertThat(stats.succeeded()).isEqualTo(tasks / 4);
        assertThat(stats.failed()).isEqualTo(tasks / 4);
        assertThat(stats.timedOut()).isEqualTo(tasks / 4);
        assertThat(stats.cancelled()).isEqualTo(tasks / 4);
        assertThat(stats.running()).isZero();
        assertThat(stats.queued()).isZero();
        assertThat(stats.max()).isEqualTo(Duration.ofMillis(4));
    }

    private static void feed(StatsCollector collector, long firstSeq, IOException error) {
        for (long seq = firstSeq; seq < firstSeq + TASKS_PER_THREAD; seq++) {
            Instant at = T0.plusMillis(seq % 50_000);
            collector.onEvent(submitted(seq, at));
            collector.onEvent(started(seq, 1, at));
            collector.onEvent(retried(seq, 1, at, error));
            collector.onEvent(started(seq, 2, at));
            Duration run = Duration.ofMillis(1 + seq % 4);
            Outcome.TaskInfo info = ran(seq, 2, at, run);
            collector.onEvent(finished(switch ((int) (seq % 4)) {
                case 0 -> new Outcome.Succeeded<>(info, seq);
                case 1 -> new Outcome.Failed<>(info, error);
                case 2 -> new Outcome.TimedOut<>(info, Duration.ofMillis(1));
                default -> new Outcome.Cancelled<>(info, "test");
            }));
        }
    }
}
