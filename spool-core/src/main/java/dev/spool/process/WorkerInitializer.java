package dev.spool.process;

/**
 * Runs once in each child JVM of a pool of process workers, before its first task, on the thread that will
 * run the tasks (Python's {@code initializer=}). Set with {@link dev.spool.pool.PoolBuilder#workerInitializer}.
 * Must be a public class with a public no-argument constructor; a failure stops the child from starting
 * and {@code build()} fails with the error.
 */
public interface WorkerInitializer {

    /** Prepares the child: opens connections, loads a model, fills caches. */
    void initialize() throws Exception;
}
