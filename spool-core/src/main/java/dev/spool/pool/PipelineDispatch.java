package dev.spool.pool;

import dev.spool.monitor.PoolEvent;
import dev.spool.pool.spi.BatchResult;
import dev.spool.pool.spi.Worker;
import dev.spool.queue.QueueClosedException;
import dev.spool.queue.internal.FifoQueue;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A loop's pipelined mode: a map's single tasks sent ahead to a worker that can hold several.
 *
 * <p>A worker with a pipeline depth above 1 (a child process) may hold several single tasks of a map at
 * once, so that it never waits idle for its next input while the loop reads a result: having taken such a
 * task, the loop also takes whatever else is queued, without waiting, up to the depth, sends each ahead,
 * and receives the results in order, topping up as they come. Only a map's tasks are sent ahead (nobody can
 * see them queued but the map, which bounds them with its window), and only without a task timeout.
 * Anything else the loop takes meanwhile runs after the pipeline is empty. A task sent ahead begins its
 * attempt when sent (so that a cancel or stop aborts the worker that holds it), but is Started, and timed,
 * only when it reaches the head of the pipeline, that is when the worker has returned the result before
 * it. A retry is sent again at once (after its delay). When the worker breaks, only the head's attempt
 * fails (or is retried by the policy, alone, after the pipeline is empty): the worker runs attempts in the
 * order sent, so the attempts behind the head never started; they are taken back ({@link
 * TaskRecord#returnUnstarted}: no attempt counted) and run again on a new worker, one by one.
 *
 * <p>Used only by its loop's thread.
 */
final class PipelineDispatch {

    private final WorkerLoop loop;
    private final Pool pool;
    private final FifoQueue<WorkItem> queue;
    private final AttemptSettler settler;
    private final Duration taskTimeout;

    PipelineDispatch(WorkerLoop loop, Pool pool, FifoQueue<WorkItem> queue, AttemptSettler settler,
                     Duration taskTimeout) {
        this.loop = loop;
        this.pool = pool;
        this.queue = queue;
        this.settler = settler;
        this.taskTimeout = taskTimeout;
    }

    boolean pipelinable(TaskRecord<?, ?> record) {
        Worker worker = loop.currentWorker();
        return record.ofMap() && taskTimeout == null && worker != null && worker.pipelineDepth() > 1;
    }

    /** One attempt sent ahead and not yet received. */
    private record Flight(TaskRecord<?, ?> record, int attempt) {}

    /** Runs {@code first} and the map tasks queued behind it through the worker's pipeline; see the notes above. */
    void run(TaskRecord<?, ?> first) throws WorkerStartException {
        ArrayDeque<Flight> flights = new ArrayDeque<>();
        List<WorkItem> later = new ArrayList<>();
        List<TaskRecord<?, ?>> retryAlone = new ArrayList<>();
        List<TaskRecord<?, ?>> resend = new ArrayList<>();
        try {
            Worker on = loop.workerFor(first);
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
                loop.running(flights.isEmpty() ? List.of()
                        : flights.stream().<TaskRecord<?, ?>>map(Flight::record).toList());
                if (!settleFlight(flight, result, on)) {
                    continue;
                }
                if (on.isBroken() || pool.isStopping()) {
                    retryAlone.add(flight.record());
                } else {
                    sendAhead(flight.record(), on, flights, retryAlone, resend);
                }
            }
            loop.running(List.of());
            for (TaskRecord<?, ?> record : retryAlone) {
                loop.running(List.of(record));
                loop.runAttempts(record);
            }
            loop.running(List.of());
            for (TaskRecord<?, ?> record : resend) {
                loop.runTask(record);
            }
            for (WorkItem item : later) {
                for (TaskRecord<?, ?> record : item.records()) {
                    loop.runTask(record);
                }
            }
        } finally {
            loop.running(List.of());
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
        long now = pool.clock().now();
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
            long now = pool.clock().now();
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
                loop.running(flights.stream().<TaskRecord<?, ?>>map(Flight::record).toList());
                return;
            } catch (Throwable t) {
                if (on.isBroken()) {
                    if (record.returnUnstarted()) {
                        resend.add(record); // never sent: after the pipeline is empty, on a new worker
                    }
                    return;
                }
                TaskRecord.AttemptEnd end = record.endAttempt();
                if (!settler.settle(record, attempt, on, null, t, end)) {
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
        return settler.settleResult(record, flight.attempt(), on, (BatchResult<R>) result, end);
    }
}
