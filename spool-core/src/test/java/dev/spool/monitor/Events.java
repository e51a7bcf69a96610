package dev.spool.monitor;

import dev.spool.outcome.Outcome;
import dev.spool.outcome.Outcome.TaskInfo;
import java.time.Duration;
import java.time.Instant;

/** Synthetic events of the pool {@value #POOL}, for tests. */
final class Events {
    static final String POOL = "pool-1";
    static final String WORKER = "pool-1-worker-2";

    private Events() {}

    static PoolEvent.Submitted submitted(long seq, Instant at) {
        return new PoolEvent.Submitted(POOL, at, seq);
    }

    static PoolEvent.Started started(long seq, int attempt, Instant at) {
        return new PoolEvent.Started(POOL, at, seq, attempt, WORKER);
    }

    static PoolEvent.Retried retried(long seq, int attempt, Instant at, Throwable error) {
        return new PoolEvent.Retried(POOL, at, seq, attempt, WORKER, error, Duration.ofMillis(100));
    }

    /** A task that ran once, from {@code at - runTime} to {@code at}. */
    static TaskInfo ran(long seq, int attempts, Instant at, Duration runTime) {
        return new TaskInfo(seq, attempts, WORKER, at.minus(runTime).minusSeconds(1), at.minus(runTime), at);
    }

    static TaskInfo neverStarted(long seq, Instant at) {
        return new TaskInfo(seq, 0, "", at.minusSeconds(1), null, at);
    }

    static PoolEvent.Finished succeeded(long seq, Instant at, Duration runTime) {
        return finished(new Outcome.Succeeded<>(ran(seq, 1, at, runTime), "ok"));
    }

    static PoolEvent.Finished finished(Outcome<?> outcome) {
        return new PoolEvent.Finished(POOL, outcome.info().ended(), outcome);
    }
}
