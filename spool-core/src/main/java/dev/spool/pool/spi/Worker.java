package dev.spool.pool.spi;

import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import java.util.ArrayList;
import java.util.List;

/**
 * One worker of a pool: runs task attempts one at a time on its slot's loop thread.
 *
 * <p>Thread-safety: {@link #execute}, {@link #executeBatch} and {@link #close} are called only by the loop
 * thread; {@link #abort} is called by other threads (timeouts, cancellation, immediate stop) while an attempt
 * may be running.
 */
public interface Worker extends AutoCloseable {

    /** Who runs the attempts: a thread name, or {@code pid N}. Stable for the worker's life. */
    String identity();

    /** The process id of the worker, if it is a process of its own; empty for thread workers. */
    default java.util.OptionalLong pid() {
        return java.util.OptionalLong.empty();
    }

    /**
     * Runs one attempt and returns its result or throws its error.
     *
     * @throws Exception the task's own failure, or a failure of the worker (then {@link #isBroken()} is true)
     */
    <I, R> R execute(Task<I, R> task, I input, TaskContext context) throws Exception;

    /**
     * Whether the pool should hand this worker a map's chunk as one {@link #executeBatch batch} rather than
     * one attempt at a time. True where a batch saves a round trip per input (a child process); the pool
     * then uses batches only for pools without a task timeout, since the pool cannot time each input of a
     * batch. Default false.
     */
    default boolean prefersBatches() {
        return false;
    }

    /**
     * Runs one attempt for each of {@code inputs}, in order, and returns one result per input, in the same
     * order. An input's own failure is a {@link BatchResult.Error}; once the pool's stop is requested the
     * inputs not yet started are {@link BatchResult.NotRun}. The default runs {@link #execute} in turn.
     *
     * @param contexts the attempt's context for each input, same size as {@code inputs}
     * @throws Exception if the worker failed as a whole (then {@link #isBroken()} is true): every input of
     *     the batch ends with this error. A worker that can tell which inputs never started returns results
     *     instead, {@link BatchResult.NotStarted} for those, and the pool runs them on another worker
     */
    default <I, R> List<BatchResult<R>> executeBatch(Task<I, R> task, List<I> inputs, List<TaskContext> contexts)
            throws Exception {
        List<BatchResult<R>> results = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            TaskContext context = contexts.get(i);
            if (context.stopToken().isStopRequested()) {
                results.add(new BatchResult.NotRun<>());
                continue;
            }
            try {
                results.add(new BatchResult.Value<>(execute(task, inputs.get(i), context)));
            } catch (Throwable t) {
                if (isBroken() && t instanceof Exception e) {
                    throw e;
                }
                results.add(new BatchResult.Error<>(t));
            }
        }
        return results;
    }

    /**
     * How many attempts this worker can hold at once when the pool {@linkplain #send sends} them ahead of
     * their results: more than 1 where a round trip is costly (a child process), so that the worker is
     * never idle waiting for its next input. The pool pipelines only a map's tasks without chunks, and only
     * when it has no task timeout. Default 1: no pipelining.
     */
    default int pipelineDepth() {
        return 1;
    }

    /**
     * Hands over one attempt without waiting for its result, which a later {@link #receive} returns;
     * attempts run and are received in the order sent. Only called when {@link #pipelineDepth()} is more than
     * 1, with at most that many attempts not yet received.
     *
     * @throws Exception if the input cannot be handed over: the attempt was not sent and ended with this error
     *     (if the worker broke, {@link #isBroken()} is true)
     */
    default <I> void send(Task<I, ?> task, I input, TaskContext context) throws Exception {
        throw new UnsupportedOperationException("this worker does not pipeline");
    }

    /**
     * The result of the oldest attempt {@linkplain #send sent} and not yet received: its value, its error, or
     * {@link BatchResult.NotRun} if the pool's stop came before it started.
     *
     * @throws Exception if the worker failed as a whole ({@link #isBroken()} is true): every attempt not yet
     *     received ends with this error
     */
    default <R> BatchResult<R> receive() throws Exception {
        throw new UnsupportedOperationException("this worker does not pipeline");
    }

    /**
     * Asks the running attempt to end now: interrupts the thread, or terminates the child process. Returns
     * at once. Called only while an attempt of this worker runs, under the pool's guard that keeps it from
     * reaching the next attempt; may be called more than once for one attempt (or batch).
     */
    void abort();

    /**
     * Whether the worker can run no more attempts and must be replaced (a crashed child, or one that has
     * run its quota of tasks).
     */
    default boolean isBroken() {
        return false;
    }

    /** Releases the worker. Called once, by the loop thread. */
    @Override
    void close();
}
