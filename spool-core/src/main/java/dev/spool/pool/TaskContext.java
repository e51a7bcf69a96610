package dev.spool.pool;

import dev.spool.stop.StopToken;
import java.util.Objects;

/**
 * What a running attempt knows of itself, and the way it submits more work to its own pool.
 *
 * <p>Recursive work (a crawler: each page yields more pages) submits from inside the task and waits for the
 * whole tree with {@link Pool#awaitQuiescence()}:
 *
 * <pre>{@code
 * final class Crawl implements Task<String, Void> {
 *     public Void run(String url, TaskContext context) throws InterruptedException {
 *         for (String link : web.links(url)) {
 *             if (seen.add(link)) {
 *                 context.submit(this, link);
 *             }
 *         }
 *         return null;
 *     }
 * }
 * }</pre>
 *
 * @param seq the task's sequence number in its pool, from 1
 * @param attempt the attempt, from 1
 * @param worker the worker's identity: a thread name, or {@code pid N} for a process worker
 * @param stopToken requested when the pool stops; check it between units of work
 * @param pool the pool running the attempt; null in a child JVM of a {@link WorkerKind#PROCESS} pool, which
 *     has no pool of its own to submit to
 */
public record TaskContext(long seq, int attempt, String worker, StopToken stopToken, Pool pool) {

    /** A context with no pool to submit to: a process worker's, or one made by a test. */
    public TaskContext(long seq, int attempt, String worker, StopToken stopToken) {
        this(seq, attempt, worker, stopToken, null);
    }

    /**
     * Submits {@code task} on {@code input} to the pool running this attempt, as {@link Pool#submit(Task,
     * Object)} does, except that it never waits for room: if the pool's queue is bounded and full, the task
     * goes past the bound (a task waiting for room in its own pool could wait for itself). The new task is
     * counted as unfinished before this returns, hence before the submitting task's own outcome: {@link
     * Pool#awaitQuiescence()} waits for it.
     *
     * @return the new task's handle
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalStateException in a child JVM of a process pool, which cannot reach its pool
     * @throws PoolClosedException if the pool is shut down or stopping (the new task ends not run)
     */
    public <I, R> TaskHandle<R> submit(Task<I, R> task, I input) {
        Objects.requireNonNull(task, "task");
        if (pool == null) {
            throw new IllegalStateException("task " + seq + " on " + worker
                    + " has no pool to submit to: a process worker's task cannot submit; return the work instead");
        }
        return pool.submitFromTask(task, input);
    }
}
