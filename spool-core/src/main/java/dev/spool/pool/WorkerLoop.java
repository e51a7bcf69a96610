package dev.spool.pool;

import dev.spool.monitor.PoolEvent;
import dev.spool.outcome.Outcome;
import dev.spool.pool.spi.Worker;
import dev.spool.pool.spi.WorkerBackend;
import dev.spool.queue.internal.FifoQueue;
import dev.spool.queue.QueueClosedException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Future;

/** One worker slot: takes work items from the pool's queue and runs their attempts on its worker. */
final class WorkerLoop implements Runnable {

    /*
     * Implementation notes.
     *
     * The loop ends when the queue is closed and drained (take throws QueueClosedException): after
     * shutdown() once the queue is empty, after stop() at once (stop drains the queue itself).
     *
     * A failing task never ends the loop: every Throwable of an attempt becomes an outcome. An interrupt
     * is meant for the attempt that was running (timeout, cancel, immediate stop); the flag is cleared
     * after the attempt, once TaskRecord.endAttempt() guarantees no abort can follow.
     *
     * Three dispatch modes share one begin/settle/not-run path: a task's attempts run one at a time here
     * (runTask, runAttempts); a map's chunk may run as one batch (BatchDispatch) and a map's single tasks may
     * be sent ahead through a worker's pipeline (PipelineDispatch), each described in its class. Every mode
     * begins attempts with TaskRecord.beginAttempt, settles them with the AttemptSettler, and ends a task
     * that never ran with Pool.completeNotRun; a retry after a batch or a pipeline runs here, alone.
     *
     * `running` and `runningTask` (the tasks whose attempts are under way: several, or the one of
     * runTask) are written only by this loop's thread and read by stopNow() on other threads.
     */

    private final Pool pool;
    private final FifoQueue<WorkItem> queue;
    private final WorkerBackend backend;
    private final String name;
    private final Duration taskTimeout;

    private final AttemptSettler settler;
    private final BatchDispatch batches;
    private final PipelineDispatch pipeline;

    /** Written only by this loop's thread; read by any thread for {@link #workerPid()}. */
    private volatile Worker worker;
    /** The tasks of a batch or a pipeline under way. Written only by this loop's thread. */
    private volatile List<TaskRecord<?, ?>> running = List.of();
    /** The task of runTask, under way; beside `running` so that a single task allocates no list. */
    private volatile TaskRecord<?, ?> runningTask;

    WorkerLoop(Pool pool, FifoQueue<WorkItem> queue, WorkerBackend backend, String name, Duration taskTimeout,
               RetryPolicy retry) {
        this.pool = pool;
        this.queue = queue;
        this.backend = backend;
        this.name = name;
        this.taskTimeout = taskTimeout;
        this.settler = new AttemptSettler(pool, taskTimeout, retry);
        this.batches = new BatchDispatch(this, pool, settler, taskTimeout);
        this.pipeline = new PipelineDispatch(this, pool, queue, settler, taskTimeout);
    }

    @Override
    public void run() {
        Throwable cause = null;
        try {
            try {
                worker(); // a warm pool: every worker is up before the first task arrives
            } catch (Exception e) {
                throw new WorkerStartException("worker " + name + " could not start: " + e, e);
            } finally {
                pool.loopWarmed();
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
                if (item instanceof WorkItem.Chunk chunk && batches.batchable(chunk)) {
                    batches.run(chunk.records());
                } else if (item instanceof TaskRecord<?, ?> record) { // no List for the common case
                    if (pipeline.pipelinable(record)) {
                        pipeline.run(record);
                    } else {
                        runTask(record);
                    }
                } else {
                    for (TaskRecord<?, ?> record : item.records()) {
                        runTask(record);
                    }
                }
            }
        } catch (Throwable t) {
            cause = t;
        } finally {
            closeWorker(cause);
            pool.loopExited(this, cause);
        }
    }

    /** Interrupts the running attempts for an immediate stop. */
    void abortCurrent(String reason) {
        TaskRecord<?, ?> task = runningTask;
        if (task != null) {
            task.abortForStop(reason);
        }
        for (TaskRecord<?, ?> record : running) {
            record.abortForStop(reason);
        }
    }

    /** How many tasks this loop is running now; any thread. */
    int runningCount() {
        return running.size() + (runningTask != null ? 1 : 0);
    }

    String name() {
        return name;
    }

    /** The pid of this loop's worker, if it is a process and open; any thread. */
    OptionalLong workerPid() {
        Worker current = worker;
        return current == null ? OptionalLong.empty() : current.pid();
    }

    /** This loop's worker, null before the first or after a broken one is closed; this loop's thread. */
    Worker currentWorker() {
        return worker;
    }

    /** Publishes the tasks a batch or a pipeline has under way, for {@link #abortCurrent}. */
    void running(List<TaskRecord<?, ?>> tasks) {
        running = tasks;
    }

    /** Runs a task's attempts here, one at a time, unless it is already done or the pool stops first. */
    <I, R> void runTask(TaskRecord<I, R> record) throws WorkerStartException {
        if (record.isDone()) {
            return; // cancelled while queued
        }
        if (pool.isStopping()) {
            pool.completeNotRun(record);
            return;
        }
        runningTask = record;
        try {
            runAttempts(record);
        } finally {
            runningTask = null;
        }
    }

    /** Runs attempts of a task already under this loop's watch until it settles. */
    <I, R> void runAttempts(TaskRecord<I, R> record) throws WorkerStartException {
        while (true) {
            Worker on = workerFor(record);
            long now = pool.clock().now();
            int attempt = record.beginAttempt(on, now);
            if (attempt == 0) {
                return;
            }
            if (pool.isStoppingNow()) {
                // stopNow() may have looked at `runningTask` before this attempt began: abort it ourselves
                record.abortForStop(pool.cancelledByStopReason());
            }
            if (pool.hasListeners()) { // no clock read and no event for nobody: this is the per-task path
                pool.emit(new PoolEvent.Started(pool.name(), TaskClock.instant(now), record.seq(), attempt,
                        on.identity()));
            }
            Future<?> timer = taskTimeout == null ? null
                    : pool.scheduler().schedule(() -> record.timeoutFired(attempt), taskTimeout);
            R value = null;
            Throwable error = null;
            try {
                value = on.execute(record.task(), record.input(),
                        new TaskContext(record.seq(), attempt, on.identity(), pool.stopToken(), pool));
            } catch (Throwable t) {
                error = t;
            }
            if (timer != null) {
                timer.cancel(false);
            }
            if (error == null) {
                Outcome<R> succeeded = record.endAttemptSucceeded(value);
                if (succeeded != null) {
                    Thread.interrupted(); // the interrupt, if any, was for this attempt
                    record.publish(succeeded);
                    return;
                }
            }
            TaskRecord.AttemptEnd end = record.endAttempt();
            Thread.interrupted(); // the interrupt, if any, was for this attempt
            if (!settler.settle(record, attempt, on, value, error, end)) {
                return;
            }
        }
    }

    /** {@link #workerFor(List)} for one task, without a list unless the worker cannot start. */
    Worker workerFor(TaskRecord<?, ?> record) throws WorkerStartException {
        if (worker != null && !worker.isBroken()) {
            return worker;
        }
        return workerFor(List.of(record));
    }

    /** The open worker for {@code records}; if none can start, they fail with the reason and the loop ends. */
    Worker workerFor(List<? extends TaskRecord<?, ?>> records) throws WorkerStartException {
        try {
            return worker();
        } catch (Exception e) {
            var failure = new WorkerStartException("worker " + name + " could not start: " + e, e);
            for (TaskRecord<?, ?> record : records) {
                record.complete(info -> new Outcome.Failed<>(info, failure));
            }
            throw failure;
        }
    }

    /** The open worker, replacing a broken one. */
    private Worker worker() throws Exception {
        if (worker != null && worker.isBroken()) {
            closeWorker(null);
        }
        if (worker == null) {
            worker = backend.openWorker(name);
            pool.emit(new PoolEvent.WorkerStarted(pool.name(), pool.clock().nowInstant(), worker.identity()));
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
            pool.emit(new PoolEvent.WorkerStopped(pool.name(), pool.clock().nowInstant(), identity, cause));
        }
    }
}
