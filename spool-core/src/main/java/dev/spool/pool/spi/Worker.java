package dev.spool.pool.spi;

import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;

/**
 * One worker of a pool: runs task attempts one at a time on its slot's loop thread.
 *
 * <p>Thread-safety: {@link #execute} and {@link #close} are called only by the loop thread; {@link #abort}
 * is called by other threads (timeouts, cancellation, immediate stop) while an attempt may be running.
 */
public interface Worker extends AutoCloseable {

    /** Who runs the attempts: a thread name, or {@code pid N}. Stable for the worker's life. */
    String identity();

    /**
     * Runs one attempt and returns its result or throws its error.
     *
     * @throws Exception the task's own failure, or a failure of the worker (then {@link #isBroken()} is true)
     */
    <I, R> R execute(Task<I, R> task, I input, TaskContext context) throws Exception;

    /**
     * Asks the running attempt to end now: interrupts the thread, or terminates the child process. Returns
     * at once. Called only while an attempt of this worker runs, under the pool's guard that keeps it from
     * reaching the next attempt.
     */
    void abort();

    /** Whether the worker can run no more attempts and must be replaced (a crashed child, say). */
    default boolean isBroken() {
        return false;
    }

    /** Releases the worker. Called once, by the loop thread. */
    @Override
    void close();
}
