package dev.spool.pool;

import dev.spool.monitor.PoolEvent;
import dev.spool.pool.spi.BatchResult;
import dev.spool.pool.spi.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A loop's batch mode: a map's chunk handed to the worker as one message.
 *
 * <p>A chunk's tasks normally run one attempt at a time, exactly like single tasks. When the worker prefers
 * batches (a child process: one message instead of one round trip per input) and the pool has no task
 * timeout, the chunk's first attempts run as one batch: every task of the batch begins its attempt (and is
 * Started) when the batch is handed over, each gets its own result, and a task whose attempt is to be
 * retried continues alone, one attempt at a time, after the batch. With a task timeout chunks are never
 * batched: the pool times each attempt itself, which it cannot do for the inputs of a batch running
 * elsewhere. When the worker breaks during a batch, the inputs it can prove it never started ({@link
 * BatchResult.NotStarted}: a child process's progress, see ChildProgress) are taken back uncounted and run
 * one by one on the replacement worker; the others fail with the break.
 *
 * <p>Used only by its loop's thread.
 */
final class BatchDispatch {

    private final WorkerLoop loop;
    private final Pool pool;
    private final AttemptSettler settler;
    private final Duration taskTimeout;

    BatchDispatch(WorkerLoop loop, Pool pool, AttemptSettler settler, Duration taskTimeout) {
        this.loop = loop;
        this.pool = pool;
        this.settler = settler;
        this.taskTimeout = taskTimeout;
    }

    /** Whether a chunk runs as one batch: see the notes above. */
    boolean batchable(WorkItem.Chunk chunk) {
        Worker worker = loop.currentWorker();
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
    <I, R> void run(List<TaskRecord<?, ?>> chunk) throws WorkerStartException {
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
        Worker on = loop.workerFor(List.copyOf(records));
        List<TaskRecord<I, R>> begun = new ArrayList<>(records.size());
        List<Integer> attempts = new ArrayList<>(records.size());
        List<I> inputs = new ArrayList<>(records.size());
        List<TaskContext> contexts = new ArrayList<>(records.size());
        long now = pool.clock().now();
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
        loop.running(List.copyOf(begun));
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
                if (settler.settleResult(record, attempts.get(i), on, result, end)) {
                    toRetry.add(record);
                }
            }
            Thread.interrupted(); // the interrupt, if any, was for this batch
            for (TaskRecord<I, R> record : toRetry) {
                loop.running(List.of(record));
                loop.runAttempts(record);
            }
        } finally {
            loop.running(List.of());
        }
    }
}
