package dev.spool.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a pool's progress, taken by {@link StatsCollector#snapshot()}. Immutable.
 *
 * <p>Every submitted task is in exactly one of three states: {@code queued} (never started), {@code
 * running} (started, not finished; a task waiting to be retried counts here) or finished, in one of
 * {@code succeeded}, {@code failed}, {@code timedOut}, {@code cancelled}, {@code notRun}. So {@code
 * submitted == queued + running + finished()} when the snapshot was taken while the pool was quiet;
 * while tasks move, the counts are read one after the other and may be off by the tasks that moved.
 *
 * @param pool the pool's name
 * @param at when the snapshot was taken
 * @param elapsed time since the first submission (zero before it)
 * @param submitted tasks submitted
 * @param queued tasks submitted and neither started nor finished
 * @param running tasks started at least once and not finished: in flight
 * @param succeeded tasks that succeeded
 * @param failed tasks that failed
 * @param timedOut tasks that timed out
 * @param cancelled tasks cancelled
 * @param notRun tasks that never ran because the pool stopped
 * @param retries attempts that failed and were retried
 * @param workersAlive workers started and not stopped
 * @param throughput finished tasks per second over {@code elapsed}
 * @param recentThroughput finished tasks per second over the last few seconds
 * @param p50 median run time of finished tasks that ran (zero if none)
 * @param p90 90th percentile run time
 * @param p99 99th percentile run time
 * @param max longest run time
 * @param total the expected number of tasks, if told to the collector
 * @param eta expected time until {@code total} tasks are finished at the recent throughput; empty if the
 *     total is unknown or the recent throughput is zero
 */
public record Stats(
        String pool,
        Instant at,
        Duration elapsed,
        long submitted,
        long queued,
        long running,
        long succeeded,
        long failed,
        long timedOut,
        long cancelled,
        long notRun,
        long retries,
        long workersAlive,
        double throughput,
        double recentThroughput,
        Duration p50,
        Duration p90,
        Duration p99,
        Duration max,
        Optional<Long> total,
        Optional<Duration> eta) {

    /**
     * @throws NullPointerException if any reference is null
     * @throws IllegalArgumentException if a count, rate or duration is negative (the message names it)
     */
    public Stats {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(eta, "eta");
        requireNotNegative("elapsed", elapsed);
        requireNotNegative("p50", p50);
        requireNotNegative("p90", p90);
        requireNotNegative("p99", p99);
        requireNotNegative("max", max);
        long[] counts = {submitted, queued, running, succeeded, failed, timedOut, cancelled, notRun, retries,
            workersAlive};
        String[] names = {"submitted", "queued", "running", "succeeded", "failed", "timedOut", "cancelled",
            "notRun", "retries", "workersAlive"};
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException(names[i] + " must not be negative, was " + counts[i]);
            }
        }
        if (!(throughput >= 0) || !(recentThroughput >= 0)) {
            throw new IllegalArgumentException(
                    "throughputs must not be negative, were " + throughput + " and " + recentThroughput);
        }
        total.ifPresent(t -> {
            if (t < 0) {
                throw new IllegalArgumentException("total must not be negative, was " + t);
            }
        });
        eta.ifPresent(e -> requireNotNegative("eta", e));
    }

    /** Tasks finished in any way: succeeded, failed, timed out, cancelled or not run. */
    public long finished() {
        return succeeded + failed + timedOut + cancelled + notRun;
    }

    /**
     * The fraction of the work done, in [0, 1]: finished over {@code total} if known, else over
     * submitted; zero when the denominator is zero.
     */
    public double fractionDone() {
        long of = total.orElse(submitted);
        return of == 0 ? 0 : Math.min(1.0, (double) finished() / of);
    }

    /**
     * One line, for a status display or a log: {@code pool-1: 812/1000 done (3 failed), 2 running, 186
     * queued, 1.2k/s, p50 1.1 ms p99 4.0 ms, ETA 0:00:02}. The rate is the recent throughput; latencies
     * appear once a task has run; the ETA when the total is known ({@code ETA ?} while the rate is zero).
     */
    @Override
    public String toString() {
        var line = new StringBuilder(pool).append(": ").append(finished());
        total.ifPresent(t -> line.append('/').append(t));
        line.append(" done");
        List<String> problems = new ArrayList<>();
        addIfPositive(problems, failed, "failed");
        addIfPositive(problems, timedOut, "timed out");
        addIfPositive(problems, cancelled, "cancelled");
        addIfPositive(problems, notRun, "not run");
        addIfPositive(problems, retries, retries == 1 ? "retry" : "retries");
        if (!problems.isEmpty()) {
            line.append(" (").append(String.join(", ", problems)).append(')');
        }
        line.append(", ").append(running).append(" running, ").append(queued).append(" queued, ")
                .append(DurationText.rate(recentThroughput));
        if (max.isPositive()) {
            line.append(", p50 ").append(DurationText.of(p50)).append(" p99 ").append(DurationText.of(p99));
        }
        if (total.isPresent()) {
            line.append(", ETA ").append(eta.map(DurationText::clock).orElse("?"));
        }
        return line.toString();
    }

    private static void addIfPositive(List<String> parts, long count, String what) {
        if (count > 0) {
            parts.add(count + " " + what);
        }
    }

    private static void requireNotNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
    }
}
