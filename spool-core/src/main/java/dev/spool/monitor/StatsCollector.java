package dev.spool.monitor;

import dev.spool.outcome.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one pool, fed by its events: register it as a {@link PoolListener} and call {@link
 * #snapshot()} whenever a {@link Stats} is wanted (a progress bar, a status line, a final report).
 *
 * <p><b>Thread safety.</b> {@link #onEvent} may be called by any number of threads at once; it takes no
 * lock and allocates nothing (except once per second for the recent-rate ring). {@link #snapshot()} and
 * {@link #expectTotal} may be called from any thread. A snapshot is weakly consistent while events
 * arrive (see {@link Stats}) and exact once they stop.
 *
 * <p><b>Time.</b> Rates and the elapsed time use the events' own timestamps ({@link PoolEvent#at()}) for
 * when things happened and the collector's clock for "now"; both must be on the same time line (the
 * system clock, unless a pool and its collector are given the same test clock).
 *
 * <p>The collector counts every event it receives, whatever its {@linkplain PoolEvent#pool() pool}; give
 * each pool its own collector.
 */
public final class StatsCollector implements PoolListener {

    /*
     * Implementation notes.
     *
     * Plain LongAdders, one per thing that happens; derived counts are computed at snapshot time:
     *
     *   queued  = submitted - firstStarts - finishedUnstarted
     *   running = firstStarts - (finished - finishedUnstarted)
     *
     * where firstStarts counts Started events of attempt 1 and finishedUnstarted counts outcomes with
     * zero attempts (not run, or cancelled before starting). A task waiting for a retry has started and
     * not finished, so it counts as running. This needs no per-task state.
     *
     * Ordering: a task's events happen in order (submitted, started, finished), and a LongAdder's sum()
     * sees every increment that happened-before it. snapshot() therefore reads the counters in the
     * reverse order (finished ones first, submitted last), so a later-read counter already includes the
     * earlier steps of every task counted so far, and the derived counts stay non-negative; they are
     * clamped at zero anyway, for events that a pool delivers out of order.
     */

    /** The recent-throughput window, in whole seconds (plus the current partial one). */
    static final int RECENT_WINDOW_SECONDS = 5;

    private final String pool;
    private final InstantSource clock;

    private final LongAdder submitted = new LongAdder();
    private final LongAdder firstStarts = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder notRun = new LongAdder();
    private final LongAdder finishedUnstarted = new LongAdder();
    private final LongAdder workersStarted = new LongAdder();
    private final LongAdder workersStopped = new LongAdder();
    private final LatencyHistogram runTimes = new LatencyHistogram();
    private final RecentRate recentFinishes = new RecentRate(RECENT_WINDOW_SECONDS);
    /** Set once, by the first Submitted event to arrive. */
    private final AtomicReference<Instant> firstSubmitted = new AtomicReference<>();
    /** The expected total, or -1 if unknown. Written by {@link #expectTotal}. */
    private volatile long expectedTotal = -1;

    /** A collector for the pool named {@code pool}, reading "now" from the system clock. */
    public StatsCollector(String pool) {
        this(pool, InstantSource.system());
    }

    /** A collector for the pool named {@code pool}, reading "now" from {@code clock}. */
    public StatsCollector(String pool, InstantSource clock) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Tells the collector how many tasks to expect in all, which enables {@link Stats#total()} and {@link
     * Stats#eta()}. May be called again (a streaming input that learns its size late).
     *
     * @throws IllegalArgumentException if {@code total} is negative (the message names it)
     */
    public void expectTotal(long total) {
        if (total < 0) {
            throw new IllegalArgumentException("total must not be negative, was " + total);
        }
        expectedTotal = total;
    }

    /** Counts one event. Lock-free; safe to call from any thread. */
    @Override
    public void onEvent(PoolEvent event) {
        switch (event) {
            case PoolEvent.Submitted s -> {
                if (firstSubmitted.get() == null) {
                    firstSubmitted.compareAndSet(null, s.at());
                }
                submitted.increment();
            }
            case PoolEvent.Started s -> {
                if (s.attempt() <= 1) {
                    firstStarts.increment();
                }
            }
            case PoolEvent.Retried r -> retries.increment();
            case PoolEvent.Finished f -> finished(f);
            case PoolEvent.WorkerStarted w -> workersStarted.increment();
            case PoolEvent.WorkerStopped w -> workersStopped.increment();
            case PoolEvent.Stopping s -> {}
        }
    }

    private void finished(PoolEvent.Finished event) {
        Outcome.TaskInfo info = event.outcome().info();
        if (info.started() != null) {
            runTimes.record(nanosBetween(info.started(), info.ended()));
        }
        recentFinishes.record(event.at());
        // finishedUnstarted before the terminal counter: snapshot reads them in the other order.
        if (info.attempts() == 0) {
            finishedUnstarted.increment();
        }
        switch (event.outcome()) {
            case Outcome.Succeeded<?> s -> succeeded.increment();
            case Outcome.Failed<?> f -> failed.increment();
            case Outcome.TimedOut<?> t -> timedOut.increment();
            case Outcome.Cancelled<?> c -> cancelled.increment();
            case Outcome.NotRun<?> n -> notRun.increment();
        }
    }

    /** Like {@code Duration.between(from, to).toNanos()} without allocating; saturates beyond a day. */
    private static long nanosBetween(Instant from, Instant to) {
        long seconds = to.getEpochSecond() - from.getEpochSecond();
        if (Math.abs(seconds) > 86_400) {
            return seconds > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return seconds * 1_000_000_000L + (to.getNano() - from.getNano());
    }

    /** The pool's progress now. Safe to call from any thread, as often as wanted (it does not block). */
    public Stats snapshot() {
        Instant now = clock.instant();
        long stopped = workersStopped.sum();
        long started = workersStarted.sum();
        long nSucceeded = succeeded.sum();
        long nFailed = failed.sum();
        long nTimedOut = timedOut.sum();
        long nCancelled = cancelled.sum();
        long nNotRun = notRun.sum();
        long unstarted = finishedUnstarted.sum();
        long nRetries = retries.sum();
        long firsts = firstStarts.sum();
        long nSubmitted = submitted.sum();
        long finished = nSucceeded + nFailed + nTimedOut + nCancelled + nNotRun;

        Instant since = firstSubmitted.get();
        Duration elapsed = since == null || since.isAfter(now) ? Duration.ZERO : Duration.between(since, now);
        double seconds = elapsed.toNanos() / 1e9;
        double throughput = seconds > 0 ? finished / seconds : 0;
        double recent = recentFinishes.perSecond(now, since);

        long expected = expectedTotal;
        Optional<Long> total = expected < 0 ? Optional.empty() : Optional.of(expected);
        Optional<Duration> eta = total.flatMap(t -> eta(t - finished, recent));

        return new Stats(pool, now, elapsed, nSubmitted,
                Math.max(0, nSubmitted - firsts - unstarted),
                Math.max(0, firsts - (finished - unstarted)),
                nSucceeded, nFailed, nTimedOut, nCancelled, nNotRun, nRetries,
                Math.max(0, started - stopped),
                throughput, recent,
                runTimes.percentile(50), runTimes.percentile(90), runTimes.percentile(99), runTimes.max(),
                total, eta);
    }

    private static Optional<Duration> eta(long remaining, double perSecond) {
        if (remaining <= 0) {
            return Optional.of(Duration.ZERO);
        }
        if (!(perSecond > 0)) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) Math.ceil(remaining / perSecond * 1e9)));
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
