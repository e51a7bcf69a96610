package dev.spool.pool.spi;

import dev.spool.pool.Task;
import dev.spool.pool.WorkerKind;

/**
 * What makes a pool's workers threads, virtual threads or processes. A pool runs one <em>loop</em> per
 * worker slot on a thread this backend makes; on that thread the loop {@linkplain #openWorker opens} a
 * {@link Worker} and hands it one task attempt at a time. Callers of the pool never see this interface:
 * switching kinds changes no calling code.
 *
 * <p>Implementations must be thread-safe: loops of all slots call them concurrently.
 */
public interface WorkerBackend extends AutoCloseable {

    /** The kind of workers made. */
    WorkerKind kind();

    /**
     * Whether tasks run in this JVM, so that any object can be a task, a {@code Callable} or a lambda
     * included; false where a task is recreated by its class name elsewhere (a child process), when {@link
     * dev.spool.pool.Pool#submit(java.util.concurrent.Callable)} refuses a {@code Callable}. Default true.
     */
    default boolean runsInThisJvm() {
        return true;
    }

    /**
     * Makes (does not start) the thread that runs one worker slot's loop.
     *
     * @param name the thread's name
     * @param daemon whether the JVM may exit while it runs (ignored where threads are always daemon)
     */
    Thread newLoopThread(String name, boolean daemon, Runnable loop);

    /**
     * Prepares {@code workers} workers before the pool's loops start, so that a pool that cannot start fails
     * in {@code build()} with the reason instead of in its loops. Called once, by the thread that builds
     * the pool. The default does nothing.
     *
     * @throws Exception if the workers cannot start; the pool is not built
     */
    default void prestart(int workers) throws Exception {}

    /**
     * Whether the pool starts every worker slot when it is built and waits until each has {@linkplain
     * #openWorker opened} its worker (warm child processes), rather than one slot per submission until there
     * are enough (threads, cheap to start on demand). Default false.
     */
    default boolean isWarm() {
        return false;
    }

    /**
     * Opens a worker for a slot; called on the slot's loop thread, again after the worker {@linkplain
     * Worker#isBroken() breaks}.
     *
     * @param name the slot's name, e.g. {@code pool-1-worker-2}
     * @throws Exception if the worker cannot start (a child process that fails to launch, say)
     */
    Worker openWorker(String name) throws Exception;

    /**
     * Checks at submission that this backend can run {@code task}, so that a bad task fails at once and
     * not inside a worker.
     *
     * @throws IllegalArgumentException naming the task's class and what is wrong with it
     */
    void validate(Task<?, ?> task);

    /** Releases what the backend holds once every worker is closed. */
    @Override
    default void close() {}
}
