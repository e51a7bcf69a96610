package dev.spool.pool.spi;

import dev.spool.pool.WorkerKind;

/**
 * Makes the {@link WorkerBackend} of one pool: a kind of workers together with its settings, as a {@link
 * java.util.concurrent.ThreadFactory} is to a {@code ThreadPoolExecutor}. Given to {@link
 * dev.spool.pool.PoolBuilder#kind(WorkerBackendFactory)}; the pool calls {@link #newBackend()} once, in {@code
 * build()}, and closes what it returns when the pool terminates.
 *
 * <p>This is how the pool's dependency runs one way: {@code dev.spool.process} implements this interface and
 * the pool never names a process type. {@link dev.spool.pool.PoolBuilder#kind(WorkerKind)} finds the
 * factory for a kind it does not make itself ({@link WorkerKind#PROCESS}) with {@link
 * java.util.ServiceLoader}: a factory registered as a service with a public no-argument constructor, whose
 * {@link #kind()} is that kind, gives that kind's defaults.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface WorkerBackendFactory {

    /** The kind of workers the backends it makes have. */
    WorkerKind kind();

    /** A new backend for one pool, holding no resource yet: the pool calls {@link WorkerBackend#prestart}. */
    WorkerBackend newBackend();
}
