package dev.spool.monitor;

import dev.spool.outcome.Outcome;
import java.time.Duration;
import java.time.Instant;

/**
 * Something that happened in a pool. Events of one task arrive in order (submitted, started, retried,
 * started, ..., and one terminal {@link Finished}); events of different tasks interleave.
 */
public sealed interface PoolEvent {

    /** The pool's name. */
    String pool();

    /** When it happened. */
    Instant at();

    /** A task was accepted. */
    record Submitted(String pool, Instant at, long seq) implements PoolEvent {}

    /** An attempt of a task started on a worker. */
    record Started(String pool, Instant at, long seq, int attempt, String worker) implements PoolEvent {}

    /** An attempt failed or timed out and the task will be tried again after {@code delay}. */
    record Retried(String pool, Instant at, long seq, int attempt, String worker, Throwable error, Duration delay)
            implements PoolEvent {}

    /**
     * A task ended with {@code outcome} (succeeded, failed, timed out, cancelled or not run). Every
     * submitted task gets exactly one.
     */
    record Finished(String pool, Instant at, Outcome<?> outcome) implements PoolEvent {}

    /** A worker came up. */
    record WorkerStarted(String pool, Instant at, String worker) implements PoolEvent {}

    /** A worker went down; {@code cause} is null for a normal exit. */
    record WorkerStopped(String pool, Instant at, String worker, Throwable cause) implements PoolEvent {}

    /** The pool began a stop: {@code immediate} false for graceful. */
    record Stopping(String pool, Instant at, boolean immediate, String reason) implements PoolEvent {}
}
