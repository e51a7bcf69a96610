package dev.spool.pool;

import dev.spool.monitor.PoolEvent;
import dev.spool.outcome.Outcome;
import dev.spool.pool.spi.BatchResult;
import dev.spool.pool.spi.Worker;
import dev.spool.stop.StopRequestedException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The one path by which an ended attempt becomes a task's outcome, or another attempt, whichever way the
 * attempt ran: alone, in a batch, or through a pipeline (River's executor, beside the loop's producer). Not
 * run ({@link Pool#completeNotRun}) is the pool's own. Stateless beyond the pool's settings; used by one
 * loop's thread.
 */
final class AttemptSettler {

    private final Pool pool;
    private final Duration taskTimeout;
    private final RetryPolicy retry;

    AttemptSettler(Pool pool, Duration taskTimeout, RetryPolicy retry) {
        this.pool = pool;
        this.taskTimeout = taskTimeout;
        this.retry = retry;
    }

    /**
     * Settles one attempt's result from a batch or a pipeline: a value or an error as {@link #settle} does;
     * not run (the pool's stop came first); or not started (the worker broke first): taken back uncounted and
     * run again, unless an abort reached it or the pool is stopping, which end it as before a start.
     *
     * @return true if another attempt follows
     */
    <R> boolean settleResult(TaskRecord<?, R> record, int attempt, Worker on, BatchResult<R> result,
                                     TaskRecord.AttemptEnd end) {
        return switch (result) {
            case BatchResult.Value<R>(R value) -> settle(record, attempt, on, value, null, end);
            case BatchResult.Error<R>(Throwable error) -> settle(record, attempt, on, null, error, end);
            case BatchResult.NotRun<R>() -> {
                pool.completeNotRun(record);
                yield false;
            }
            case BatchResult.NotStarted<R>() -> {
                if (!record.returnUnstarted()) {
                    yield false; // an abort had reached it: it ended as it would have before starting
                }
                if (pool.isStopping()) {
                    pool.completeNotRun(record);
                    yield false;
                }
                yield true;
            }
        };
    }

    /**
     * Turns an ended attempt into the task's outcome, or decides to try again (after the retry's delay).
     *
     * @return true if another attempt follows
     */
    <I, R> boolean settle(TaskRecord<I, R> record, int attempt, Worker on, R result, Throwable failure,
                                  TaskRecord.AttemptEnd end) {
        TaskRecord.OutcomeMaker<R> maker;
        Throwable retryable = null;
        if (end.cancelReason() != null) {
            maker = info -> new Outcome.Cancelled<>(info, end.cancelReason());
        } else if (end.timedOut()) {
            maker = info -> new Outcome.TimedOut<>(info, taskTimeout);
            retryable = new TimeoutException("attempt " + attempt + " of task " + record.seq()
                    + " timed out after " + taskTimeout);
        } else if (failure == null) {
            maker = info -> new Outcome.Succeeded<>(info, result);
        } else if (failure instanceof StopRequestedException && pool.isStopping()) {
            maker = info -> new Outcome.Cancelled<>(info, failure.getMessage());
        } else {
            maker = info -> new Outcome.Failed<>(info, failure);
            retryable = failure;
        }
        if (retryable != null && retry.shouldRetry(attempt, retryable) && !pool.isStopping()
                && record.toBackoff()) {
            Duration delay = retry.delayAfter(attempt);
            pool.emit(new PoolEvent.Retried(pool.name(), pool.clock().nowInstant(), record.seq(), attempt, on.identity(),
                    retryable, delay));
            if (delay.isZero() || !backoff(delay)) {
                return true;
            }
        }
        record.complete(maker);
        return false;
    }

    /** Waits out a retry's delay; true if a stop (or an interrupt) cut it short. */
    private boolean backoff(Duration delay) {
        try {
            return pool.stopToken().awaitStop(delay);
        } catch (InterruptedException e) {
            return true;
        }
    }
}
