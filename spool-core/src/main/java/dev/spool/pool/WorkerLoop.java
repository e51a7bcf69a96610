package dev.spool.pool;

import dev.spool.monitor.PoolEvent;
import dev.spool.outcome.Outcome;
import dev.spool.pool.spi.BatchResult;
import dev.spool.pool.spi.Worker;
import dev.spool.pool.spi.WorkerBackend;
import dev.spool.queue.internal.FifoQueue;
import dev.spool.queue.QueueClosedException;
import dev.spool.stop.StopRequestedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;

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
     * Chunks. A chunk's tasks normally run one attempt at a time, exactly like single tasks. When the
     * worker prefers batches (a child process: one message instead of one round trip per input) and the
     * pool has no task timeout, the chunk's first attempts run as one batch: every task of the batch
     * begins its attempt (and is Started) when the batch is handed over, each gets its own result, and a
     * task whose attempt is to be retried continues alone, one attempt at a time, after the batch. With a
     * task timeout chunks are never batched: the pool times each attempt itself, which it cannot do for
     * the inputs of a batch running elsewhere. When the worker breaks during a batch, the inputs it can
     * prove it never started (BatchResult.NotStarted: a child process's progress, see ChildProgress) are
     * taken back uncounted and run one by one on the replacement worker; the others fail with the break.
     *
     * Pipelining. A worker with a pipeline depth above 1 (a child process) may hold several single tasks of
     * a map at once, so that it never waits idle for its next input while the loop reads a result: having
     * taken such a task, the loop also takes whatever else is queued, without waiting, up to the depth,
     * sends each ahead, and receives the results in order, topping up as they come. Only a map's tasks are
     * sent ahead (nobody can see them queued but the map, which bounds them with its window), and only
     * without a task timeout. Anything else the loop takes meanwhile runs after the pipeline is empty. A
     * task sent ahead begins its attempt when sent (so that a cancel or stop aborts the worker that holds
     * it), but is Started, and timed, only when it reaches the head of the pipeline, that is when the
     * worker has returned the result before it. A retry is sent again at once (after its delay). When the
     * worker breaks, only the head's attempt fails (or is retried by the policy, alone, after the
     * pipeline is empty): the worker runs attempts in the order sent, so the attempts behind the head never
     * started; they are taken back (TaskRecord.returnUnstarted: no attempt counted) and run again on a new
     * worker, one by one.
     *
     * `running` and `runningTask` (the tasks whose attempts are under way: several, or the one of
     * runTask) are written only by this loop's thread and read by stopNow() on other threads.
     */

    private final Pool pool;
    private final FifoQueue<WorkItem> queue;
    private final WorkerBackend backend;
    private final String name;
    private final Duration taskTimeout;
    private final RetryPolicy retry;

    /** Written only by this loop's thread; read by any thread for {@link #workerPid()}. */
    private volatile Worker worker;
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
                if (item instanceof WorkItem.Chunk chunk && batchable(chunk)) {
                    runBatch(chunk.records());
                } else if (item instanceof TaskRecord<?, ?> record) { // no List for the common case
                    if (pipelinable(record)) {
                        runPipelined(record);
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

    private <I, R> void runTask(TaskRecord<I, R> record) throws WorkerStartException {
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

    private <I, R> void runAttempts(TaskRecord<I, R> record) throws WorkerStartException {
        while (true) {
            Worker on = workerFor(record);
            long now = TaskClock.now();
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
            if (!settle(record, attempt, on, value, error, end)) {
                return;
            }
        }
    }

    /** Whether a chunk runs as one batch: see the implementation notes. */
    private boolean batchable(WorkItem.Chunk chunk) {
        if (taskTimeout != null || worker == null || !worker.prefersBatches()) {
            return false; // a broken worker (null after replacement) is asked again on the next chunk
        }
        Task<?, ?> task = chunk.records().getFirst().task();
        for (TaskRecord<?, ?> record : chunk.records()) {
            if (record.task() != task) {
                return false;
            }
        }
        return true;
    }

    /** Runs the first attempts of a chunk's tasks (all of one task) as one batch; retries go one by one. */
    @SuppressWarnings("unchecked")
    private <I, R> void runBatch(List<TaskRecord<?, ?>> chunk) throws WorkerStartException {
        List<TaskRecord<I, R>> records = new ArrayList<>(chunk.size());
        for (TaskRecord<?, ?> record : chunk) {
            if (record.isDone()) {
                continue;
            }
            if (pool.isStopping()) {
                pool.completeNotRun(record);
                continue;
            }
            records.add((TaskRecord<I, R>) record);
        }
        if (records.isEmpty()) {
            return;
        }
        Worker on = workerFor(List.copyOf(records));
        List<TaskRecord<I, R>> begun = new ArrayList<>(records.size());
        List<Integer> attempts = new ArrayList<>(records.size());
        List<I> inputs = new ArrayList<>(records.size());
        List<TaskContext> contexts = new ArrayList<>(records.size());
        long now = TaskClock.now();
        Instant nowInstant = TaskClock.instant(now);
        for (TaskRecord<I, R> record : records) {
            int attempt = record.beginAttempt(on, now);
            if (attempt == 0) {
                continue;
            }
            begun.add(record);
            attempts.add(attempt);
            inputs.add(record.input());
            contexts.add(new TaskContext(record.seq(), attempt, on.identity(), pool.stopToken()));
            pool.emit(new PoolEvent.Started(pool.name(), nowInstant, record.seq(), attempt, on.identity()));
        }
        if (begun.isEmpty()) {
            return;
        }
        running = List.copyOf(begun);
        try {
            List<BatchResult<R>> results = null;
            Throwable failure = null;
            try {
                results = on.executeBatch(begun.getFirst().task(), inputs, contexts);
                if (results.size() != begun.size()) {
                    throw new IllegalStateException("worker " + on.identity() + " returned " + results.size()
                            + " results for a batch of " + begun.size());
                }
            } catch (Throwable t) {
                failure = t;
            }
            List<TaskRecord<I, R>> toRetry = new ArrayList<>();
            for (int i = 0; i < begun.size(); i++) {
                TaskRecord<I, R> record = begun.get(i);
                TaskRecord.AttemptEnd end = record.endAttempt();
                BatchResult<R> result = failure != null ? new BatchResult.Error<>(failure) : results.get(i);
                if (settleResult(record, attempts.get(i), on, result, end)) {
                    toRetry.add(record);
                }
            }
            Thread.interrupted(); // the interrupt, if any, was for this batch
            for (TaskRecord<I, R> record : toRetry) {
                running = List.of(record);
                runAttempts(record);
            }

        } finally {
            running = List.of();
        }
    }

    private boolean pipelinable(TaskRecord<?, ?> record) {
        return record.ofMap() && taskTimeout == null && worker != null && worker.pipelineDepth() > 1;
    }

    /** One attempt sent ahead and not yet received. */
    private record Flight(TaskRecord<?, ?> record, int attempt) {}

    /** Runs {@code first} and the map tasks queued behind it through the worker's pipeline; see the notes. */
    private void runPipelined(TaskRecord<?, ?> first) throws WorkerStartException {
        ArrayDeque<Flight> flights = new ArrayDeque<>();
        List<WorkItem> later = new ArrayList<>();
        List<TaskRecord<?, ?>> retryAlone = new ArrayList<>();
        List<TaskRecord<?, ?>> resend = new ArrayList<>();
        try {
            Worker on = workerFor(first);
            int depth = on.pipelineDepth();
            sendAhead(first, on, flights, retryAlone, resend);
            while (!flights.isEmpty()) {
                while (flights.size() < depth && later.isEmpty() && !on.isBroken() && !pool.isStopping()) {
                    WorkItem next = pollQueue();
                    if (next == null) {
                        break;
                    }
                    if (next instanceof TaskRecord<?, ?> record && record.ofMap()) {
                        sendAhead(record, on, flights, retryAlone, resend);
                    } else {
                        later.add(next);
                    }
                }
                if (flights.isEmpty()) {
                    break; // the last send failed: nothing to receive
                }
                Flight flight = flights.poll();
                BatchResult<?> result;
                boolean workerFailed = false;
                try {
                    result = on.receive();
                } catch (Throwable t) {
                    result = new BatchResult.Error<>(t);
                    workerFailed = true;
                }
                if (workerFailed) {
                    // The worker runs attempts in the order sent, and this one had not ended: every attempt
                    // sent after it never started. They count no attempt and run again on a new worker.
                    for (Flight unstarted : flights) {
                        if (unstarted.record().returnUnstarted()) {
                            resend.add(unstarted.record());
                        }
                    }
                    flights.clear();
                } else if (!flights.isEmpty()) {
                    headStarted(flights.peekFirst(), on); // the worker has moved on to the next one
                }
                running = flights.isEmpty() ? List.of()
                        : flights.stream().<TaskRecord<?, ?>>map(Flight::record).toList();
                if (!settleFlight(flight, result, on)) {
                    continue;
                }
                if (on.isBroken() || pool.isStopping()) {
                    retryAlone.add(flight.record());
                } else {
                    sendAhead(flight.record(), on, flights, retryAlone, resend);
                }
            }
            running = List.of();
            for (TaskRecord<?, ?> record : retryAlone) {
                running = List.of(record);
                runAttempts(record);
            }
            running = List.of();
            for (TaskRecord<?, ?> record : resend) {
                runTask(record);
            }
            for (WorkItem item : later) {
                for (TaskRecord<?, ?> record : item.records()) {
                    runTask(record);
                }
            }
        } finally {
            running = List.of();
        }
    }

    /**
     * The next queued item without waiting, or null. A queue that is shut down and drained answers null too:
     * it ends the topping up of a pipeline, whose tasks in flight are still to be received, not the loop
     * (the loop's own take() then sees the close).
     */
    private WorkItem pollQueue() {
        try {
            return queue.poll();
        } catch (QueueClosedException drained) {
            return null;
        }
    }

    /**
     * A flight reached the head of the worker's pipeline: the worker is running it now. Its Started event
     * and its start time date from here, so a task sent ahead and taken back unstarted never had either.
     */
    private void headStarted(Flight flight, Worker on) {
        long now = TaskClock.now();
        flight.record().restampStart(now);
        if (pool.hasListeners()) {
            pool.emit(new PoolEvent.Started(pool.name(), TaskClock.instant(now), flight.record().seq(),
                    flight.attempt(), on.identity()));
        }
    }

    /**
     * Begins an attempt of {@code record} and sends it ahead. A send that fails because the worker broke never
     * reached it: the task goes to {@code resend}, with no attempt counted; any other failed send settles.
     */
    private <I, R> void sendAhead(TaskRecord<I, R> record, Worker on, ArrayDeque<Flight> flights,
                                  List<TaskRecord<?, ?>> retryAlone, List<TaskRecord<?, ?>> resend) {
        while (true) {
            if (record.isDone()) {
                return;
            }
            if (pool.isStopping()) {
                pool.completeNotRun(record);
                return;
            }
            if (on.isBroken()) {
                resend.add(record); // not begun: runs on a new worker after the pipeline is empty
                return;
            }
            long now = TaskClock.now();
            int attempt = record.beginAttempt(on, now);
            if (attempt == 0) {
                return;
            }
            try {
                on.send(record.task(), record.input(),
                        new TaskContext(record.seq(), attempt, on.identity(), pool.stopToken()));
                Flight flight = new Flight(record, attempt);
                if (flights.isEmpty()) {
                    headStarted(flight, on);
                }
                flights.add(flight);
                running = flights.stream().<TaskRecord<?, ?>>map(Flight::record).toList();
                return;
            } catch (Throwable t) {
                if (on.isBroken()) {
                    if (record.returnUnstarted()) {
                        resend.add(record); // never sent: after the pipeline is empty, on a new worker
                    }
                    return;
                }
                TaskRecord.AttemptEnd end = record.endAttempt();
                if (!settle(record, attempt, on, null, t, end)) {
                    return;
                }
            }
        }
    }

    /** Settles a received attempt; true if it is to be tried again. */
    @SuppressWarnings("unchecked")
    private <R> boolean settleFlight(Flight flight, BatchResult<?> result, Worker on) {
        TaskRecord<?, R> record = (TaskRecord<?, R>) flight.record();
        TaskRecord.AttemptEnd end = record.endAttempt();
        Thread.interrupted(); // the interrupt, if any, was for this attempt
        return settleResult(record, flight.attempt(), on, (BatchResult<R>) result, end);
    }

    /**
     * Settles one attempt's result from a batch or a pipeline: a value or an error as {@link #settle} does;
     * not run (the pool's stop came first); or not started (the worker broke first): taken back uncounted and
     * run again, unless an abort reached it or the pool is stopping, which end it as before a start.
     *
     * @return true if another attempt follows
     */
    private <R> boolean settleResult(TaskRecord<?, R> record, int attempt, Worker on, BatchResult<R> result,
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
    private <I, R> boolean settle(TaskRecord<I, R> record, int attempt, Worker on, R result, Throwable failure,
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
            pool.emit(new PoolEvent.Retried(pool.name(), TaskClock.nowInstant(), record.seq(), attempt, on.identity(),
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

    /** {@link #workerFor(List)} for one task, without a list unless the worker cannot start. */
    private Worker workerFor(TaskRecord<?, ?> record) throws WorkerStartException {
        if (worker != null && !worker.isBroken()) {
            return worker;
        }
        return workerFor(List.of(record));
    }

    /** The open worker for {@code records}; if none can start, they fail with the reason and the loop ends. */
    private Worker workerFor(List<? extends TaskRecord<?, ?>> records) throws WorkerStartException {
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
            pool.emit(new PoolEvent.WorkerStarted(pool.name(), TaskClock.nowInstant(), worker.identity()));
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
            pool.emit(new PoolEvent.WorkerStopped(pool.name(), TaskClock.nowInstant(), identity, cause));
        }
    }
}
