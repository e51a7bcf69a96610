package dev.spool.pool;

import dev.spool.monitor.PoolEvent;
import dev.spool.outcome.Outcome;
import dev.spool.pool.spi.Worker;
import dev.spool.pool.spi.WorkerBackend;
import dev.spool.queue.QueueClosedException;
import dev.spool.queue.WorkQueue;
import dev.spool.stop.StopRequestedException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;

/** One worker slot: takes work items from the pool's queue and runs their attempts on its worker. */
final class WorkerLoop implements Runnable {

    /*
     * Implementation notes.
     *
     * The loop ends when the queue is closed and drained (take throws QueueClosedException): after
     * shutdown() once the queue is empty, after stop() at once (stop drains the queue itself). Every item
     * taken is acknowledged with taskDone() exactly once, whatever happens to its tasks.
     *
     * A failing task never ends the loop: every Throwable of an attempt becomes an outcome. An interrupt
     * is meant for the attempt that was running (timeout, cancel, immediate stop); the flag is cleared
     * after the attempt, once TaskRecord.endAttempt() guarantees no abort can follow.
     *
     * `current` is written only by this loop's thread and read by stopNow() on other threads.
     */

    private final Pool pool;
    private final WorkQueue<WorkItem> queue;
    private final WorkerBackend backend;
    private final String name;
    private final Duration taskTimeout;
    private final RetryPolicy retry;

    private Worker worker;
    private volatile TaskRecord<?, ?> current;

    WorkerLoop(Pool pool, WorkQueue<WorkItem> queue, WorkerBackend backend, String name, Duration taskTimeout,
               RetryPolicy retry) {
        this.pool = pool;
        this.queue = queue;
        this.backend = backend;
        this.name = name;
        this.taskTimeout = taskTimeout;
        this.retry = retry;
    }

    @Override
    public void run() {
        Throwable cause = null;
        try {
            try {
                worker(); // a warm pool: every worker is up before the first task arrives
            } catch (Exception e) {
                throw new WorkerStartException("worker " + name + " could not start: " + e, e);
            }
            while (true) {
                WorkItem item;
                try {
                    item = queue.take();
                } catch (QueueClosedException closed) {
                    break;
                } catch (InterruptedException stray) {
                    continue; // an abort that raced with the end of an attempt; the state decides what's next
                }
                try {
                    switch (item) {
                        case TaskRecord<?, ?> record -> runTask(record); // no List for the common case
                        case WorkItem.Chunk chunk -> {
                            for (TaskRecord<?, ?> record : chunk.records()) {
                                runTask(record);
                            }
                        }
                    }
                } finally {
                    queue.taskDone();
                }
            }
        } catch (Throwable t) {
            cause = t;
        } finally {
            closeWorker(cause);
            pool.loopExited(this, cause);
        }
    }

    /** Interrupts the running attempt for an immediate stop. */
    void abortCurrent(String reason) {
        TaskRecord<?, ?> record = current;
        if (record != null) {
            record.abortForStop(reason);
        }
    }

    String name() {
        return name;
    }

    private <I, R> void runTask(TaskRecord<I, R> record) throws WorkerStartException {
        if (record.isDecided()) {
            return; // cancelled while queued
        }
        if (pool.isStopping()) {
            record.complete(info -> new Outcome.NotRun<>(info, pool.stopReason()));
            return;
        }
        current = record;
        try {
            runAttempts(record);
        } finally {
            current = null;
        }
    }

    private <I, R> void runAttempts(TaskRecord<I, R> record) throws WorkerStartException {
        while (true) {
            Worker on;
            try {
                on = worker();
            } catch (Exception e) {
                var failure = new WorkerStartException("worker " + name + " could not start: " + e, e);
                record.complete(info -> new Outcome.Failed<>(info, failure));
                throw failure;
            }
            int attempt = record.beginAttempt(on);
            if (attempt == 0) {
                return;
            }
            if (pool.isStoppingNow()) {
                // stopNow() may have looked at `current` before this attempt began: abort it ourselves
                record.abortForStop("pool " + pool.name() + " stopped immediately");
            }
            if (pool.hasListeners()) { // no clock read and no event for nobody: this is the per-task path
                pool.emit(new PoolEvent.Started(pool.name(), Instant.now(), record.seq(), attempt, on.identity()));
            }
            ScheduledFuture<?> timer = taskTimeout == null ? null
                    : Timeouts.schedule(() -> record.timeoutFired(attempt), taskTimeout);
            R value = null;
            Throwable error = null;
            try {
                value = on.execute(record.task(), record.input(),
                        new TaskContext(record.seq(), attempt, on.identity(), pool.stopToken()));
            } catch (Throwable t) {
                error = t;
            }
            if (timer != null) {
                timer.cancel(false);
            }
            TaskRecord.AttemptEnd end = record.endAttempt();
            Thread.interrupted(); // the interrupt, if any, was for this attempt

            final R result = value;
            final Throwable failure = error;
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
                pool.emit(new PoolEvent.Retried(pool.name(), Instant.now(), record.seq(), attempt, on.identity(),
                        retryable, delay));
                if (delay.isZero() || !backoff(delay)) {
                    continue;
                }
            }
            record.complete(maker);
            return;
        }
    }

    /** Waits out a retry's delay; true if a stop (or an interrupt) cut it short. */
    private boolean backoff(Duration delay) {
        try {
            return pool.stopToken().awaitStop(delay);
        } catch (InterruptedException e) {
            return true;
        }
    }

    /** The open worker, replacing a broken one. */
    private Worker worker() throws Exception {
        if (worker != null && worker.isBroken()) {
            closeWorker(null);
        }
        if (worker == null) {
            worker = backend.openWorker(name);
            pool.emit(new PoolEvent.WorkerStarted(pool.name(), Instant.now(), worker.identity()));
        }
        return worker;
    }

    private void closeWorker(Throwable cause) {
        if (worker != null) {
            String identity = worker.identity();
            try {
                worker.close();
            } catch (RuntimeException e) {
                if (cause == null) {
                    cause = e;
                }
            }
            worker = null;
            pool.emit(new PoolEvent.WorkerStopped(pool.name(), Instant.now(), identity, cause));
        }
    }
}
