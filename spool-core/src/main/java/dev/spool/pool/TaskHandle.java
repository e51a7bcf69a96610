package dev.spool.pool;

import dev.spool.outcome.Outcome;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A submitted task: wait for its {@link Outcome}, or cancel it. Every handle's task ends in exactly one
 * outcome. Thread-safe.
 *
 * <p>Reading the outcome (by any method here) marks a failure as <em>observed</em>. A failed task whose
 * outcome nobody reads is reported by the pool's unobserved-failure handler (by default, a log line) when
 * its handle is garbage-collected or the pool terminates, so no failure is silently lost.
 *
 * @param <R> the task's result type
 */
public interface TaskHandle<R> {

    /** The task's sequence number in its pool, from 1. */
    long seq();

    /** Whether the outcome is decided. */
    boolean isDone();

    /** Waits for the outcome. */
    Outcome<R> await() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for the outcome.
     *
     * @return the outcome, or empty if it was not decided in time
     * @throws IllegalArgumentException if the timeout is negative
     */
    Optional<Outcome<R>> await(Duration timeout) throws InterruptedException;

    /** The outcome if decided, without waiting. */
    Optional<Outcome<R>> outcomeNow();

    /**
     * Waits for the outcome and returns the value if it succeeded.
     *
     * @throws dev.spool.outcome.TaskFailedException if it did not succeed, with the task's error as cause
     */
    default R get() throws InterruptedException {
        return await().valueOrThrow();
    }

    /**
     * A stage completed with the outcome; it never completes exceptionally. Calling this counts as reading
     * the outcome (a stage cannot tell whether its callbacks look at it): handle failures in the callback.
     */
    CompletionStage<Outcome<R>> completion();

    /**
     * Cancels the task: one not yet started ends as cancelled at once; a running one is interrupted (or its
     * process terminated) and ends as cancelled.
     *
     * @return true if this call will make the outcome {@code Cancelled}; false if it was already decided, or
     *     its attempt has just ended and the outcome is being decided
     */
    boolean cancel();
}
