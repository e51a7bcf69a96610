package dev.spool.monitor;

import static dev.spool.monitor.Events.finished;
import static dev.spool.monitor.Events.neverStarted;
import static dev.spool.monitor.Events.ran;
import static dev.spool.monitor.Events.retried;
import static dev.spool.monitor.Events.started;
import static dev.spool.monitor.Events.submitted;
import static dev.spool.monitor.Events.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.spool.outcome.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatsCollectorTest {

    private static final Instant T0 = Instant.parse("2026-11-25T01:00:00Z");
    private static final Duration RUN = Duration.ofMillis(2);

    private final ManualClock clock = new ManualClock(T0);
    private final StatsCollector collector = new StatsCollector(Events.POOL, clock);

    @Test
    void snapshot_noEvents_isAllZero() {
        Stats stats = collector.snapshot();

        assertThat(stats.pool()).isEqualTo("pool-1");
        assertThat(stats.at()).isEqualTo(T0);
        assertThat(stats.submitted()).isZero();
        assertThat(stats.finished()).isZero();
        assertThat(stats.elapsed()).isZero();
        assertThat(stats.throughput()).isZero();
        assertThat(stats.recentThroughput()).isZero();
        assertThat(stats.max()).isZero();
        assertThat(stats.total()).isEmpty();
        assertThat(stats.eta()).isEmpty();
        assertThat(stats.fractionDone()).isZero();
    }

    @Test
    void snapshot_mixedOutcomes_countsEachStateOnce() {
        for (long seq = 1; seq <= 10; seq++) {
            collector.onEvent(submitted(seq, T0));
        }
        for (long seq = 1; seq <= 4; seq++) {
            collector.onEvent(started(seq, 1, T0));
        }
        collector.onEvent(succeeded(1, T0, RUN));
        collector.onEvent(finished(new Outcome.Failed<>(ran(2, 1, T0, RUN), new IOException("disk full"))));
        collector.onEvent(retried(3, 1, T0, new IOException("flaky")));
        collector.onEvent(started(3, 2, T0));
        collector.onEvent(finished(new Outcome.TimedOut<>(ran(4, 1, T0, RUN), Duration.ofSeconds(1))));
        collector.onEvent(finished(new Outcome.NotRun<>(neverStarted(5, T0), "pool stopped")));
        collector.onEvent(finished(new Outcome.Cancelled<>(neverStarted(6, T0), "by submitter")));
        for (int w = 1; w <= 3; w++) {
            collector.onEvent(new PoolEvent.WorkerStarted(Events.POOL, T0, "pool-1-worker-" + w));
        }
        collector.onEvent(new PoolEvent.WorkerStopped(Events.POOL, T0, "pool-1-worker-3", null));
        collector.onEvent(new PoolEvent.Stopping(Events.POOL, T0, false, "test"));

        Stats stats = collector.snapshot();

        assertThat(stats.submitted()).isEqualTo(10);
        assertThat(stats.succeeded()).isEqualTo(1);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.timedOut()).isEqualTo(1);
        assertThat(stats.notRun()).isEqualTo(1);
        assertThat(stats.cancelled()).isEqualTo(1);
        assertThat(stats.finished()).isEqualTo(5);
        assertThat(stats.retries()).isEqualTo(1);
        assertThat(stats.running()).as("task 3, on its second attempt").isEqualTo(1);
        assertThat(stats.queued()).as("tasks 7 to 10").isEqualTo(4);
        assertThat(stats.workersAlive()).isEqualTo(2);
        assertThat(stats.submitted()).isEqualTo(stats.queued() + stats.running() + stats.finished());
    }

    @Test
    void snapshot_taskWaitingForRetry_countsAsRunning() {
        collector.onEvent(submitted(1, T0));
        collector.onEvent(started(1, 1, T0));
        collector.onEvent(retried(1, 1, T0, new IOException("flaky")));

        Stats stats = collector.snapshot();

        assertThat(stats.running()).isEqualTo(1);
        assertThat(stats.queued()).isZero();
        assertThat(stats.retries()).isEqualTo(1);
    }

    @Test
    void snapshot_steadyTenPerSecond_ratesAreTenPerSecond() {
        finishTenPerSecondForTenSeconds();
        clock.advance(Duration.ofSeconds(10));

        Stats stats = collector.snapshot();

        assertThat(stats.elapsed()).isEqualTo(Duration.ofSeconds(10));
        assertThat(stats.throughput()).isCloseTo(10.0, within(1e-9));
        assertThat(stats.recentThroughput()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void snapshot_afterTwoIdleSeconds_recentRateDropsAndOverallRateAverages() {
        finishTenPerSecondForTenSeconds();
        clock.advance(Duration.ofSeconds(12));

        Stats stats = collector.snapshot();

        assertThat(stats.throughput()).isCloseTo(100 / 12.0, within(1e-9));
        assertThat(stats.recentThroughput()).as("30 finishes in seconds 7-9 over 5 s").isCloseTo(6.0, within(1e-9));
    }

    @Test
    void snapshot_longAfterLastFinish_recentRateIsZero() {
        finishTenPerSecondForTenSeconds();
        clock.advance(Duration.ofMinutes(5));

        assertThat(collector.snapshot().recentThroughput()).isZero();
    }

    @Test
    void snapshot_firstSecondsOfRun_recentRateUsesTimeSinceFirstSubmission() {
        Instant start = T0.plusMillis(500);
        collector.onEvent(submitted(1, start));
        for (int i = 1; i <= 5; i++) {
            collector.onEvent(succeeded(i, start.plusMillis(i * 90), RUN));
        }
        clock.advance(Duration.ofSeconds(1));

        assertThat(collector.snapshot().recentThroughput()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void snapshot_expectedTotalAndSteadyRate_givesEtaAndFraction() {
        collector.expectTotal(200);
        finishTenPerSecondForTenSeconds();
        clock.advance(Duration.ofSeconds(10));

        Stats stats = collector.snapshot();

        assertThat(stats.total()).contains(200L);
        assertThat(stats.eta()).contains(Duration.ofSeconds(10));
        assertThat(stats.fractionDone()).isEqualTo(0.5);
        assertThat(stats.toString()).startsWith("pool-1: 100/200 done, ").endsWith(", ETA 0:00:10");
    }

    @Test
    void snapshot_expectedTotalButNothingFinished_etaIsEmpty() {
        collector.expectTotal(10);
        collector.onEvent(submitted(1, T0));
        clock.advance(Duration.ofSeconds(3));

        Stats stats = collector.snapshot();

        assertThat(stats.eta()).isEmpty();
        assertThat(stats.toString()).endsWith("ETA ?");
    }

    @Test
    void snapshot_allExpectedTasksFinished_etaIsZero() {
        collector.expectTotal(100);
        finishTenPerSecondForTenSeconds();
        clock.advance(Duration.ofMinutes(10));

        Stats stats = collector.snapshot();

        assertThat(stats.eta()).contains(Duration.ZERO);
        assertThat(stats.fractionDone()).isEqualTo(1.0);
    }

    @Test
    void snapshot_runTimesOneToHundredMillis_percentilesMatch() {
        collector.onEvent(submitted(1, T0));
        for (int ms = 1; ms <= 100; ms++) {
            collector.onEvent(succeeded(ms, T0.plusSeconds(1), Duration.ofMillis(ms)));
        }
        collector.onEvent(finished(new Outcome.NotRun<>(neverStarted(101, T0), "not counted in latency")));

        Stats stats = collector.snapshot();

        double error = LatencyHistogram.RELATIVE_ERROR;
        assertThat(stats.p50().toNanos()).isCloseTo(50_000_000L, within((long) (50_000_000 * error)));
        assertThat(stats.p90().toNanos()).isCloseTo(90_000_000L, within((long) (90_000_000 * error)));
        assertThat(stats.p99().toNanos()).isCloseTo(99_000_000L, within((long) (99_000_000 * error)));
        assertThat(stats.max()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void expectTotal_negative_throwsNamingValue() {
        assertThatThrownBy(() -> collector.expectTotal(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-3");
    }

    @Test
    void snapshot_noTotal_fractionIsOverSubmitted() {
        collector.onEvent(submitted(1, T0));
        collector.onEvent(submitted(2, T0));
        collector.onEvent(started(1, 1, T0));
        collector.onEvent(succeeded(1, T0, RUN));

        Stats stats = collector.snapshot();

        assertThat(stats.total()).isEqualTo(Optional.empty());
        assertThat(stats.fractionDone()).isEqualTo(0.5);
    }

    /** Submits 100 tasks at T0 and finishes one every 100 ms, at 0.05 s, 0.15 s, ..., 9.95 s. */
    private void finishTenPerSecondForTenSeconds() {
        for (int seq = 1; seq <= 100; seq++) {
            collector.onEvent(submitted(seq, T0));
        }
        for (int seq = 1; seq <= 100; seq++) {
            Instant at = T0.plusMillis(seq * 100L - 50);
            collector.onEvent(started(seq, 1, at.minus(RUN)));
            collector.onEvent(succeeded(seq, at, RUN));
        }
    }
}
