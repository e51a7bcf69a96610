package dev.spool.pool;

import dev.spool.monitor.PoolListener;
import dev.spool.outcome.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Configures a {@link Pool}. Not thread-safe; build on one thread. Every setter validates its argument
 * and names the bad value.
 */
public final class PoolBuilder {

    String name;
    WorkerKind kind = WorkerKind.PLATFORM;
    int workers = Runtime.getRuntime().availableProcessors();
    boolean daemon;
    Duration taskTimeout;
    RetryPolicy retry = RetryPolicy.none();
    int queueCapacity = Integer.MAX_VALUE;
    final List<PoolListener> listeners = new ArrayList<>();
    Consumer<Outcome<?>> unobservedFailureHandler;
    boolean handleSignals = true;
    boolean collectStats;

    PoolBuilder() {}

    /** The pool's name, used in thread names, events and logs; default {@code pool-N}. */
    public PoolBuilder name(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, was '" + name + "'");
        }
        this.name = name;
        return this;
    }

    /** The kind of workers; default {@link WorkerKind#PLATFORM}. */
    public PoolBuilder kind(WorkerKind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
        return this;
    }

    /** The number of workers, at least 1; default one per CPU. */
    public PoolBuilder workers(int workers) {
        if (workers <= 0) {
            throw new IllegalArgumentException("workers must be positive, was " + workers);
        }
        this.workers = workers;
        return this;
    }

    /** Whether the JVM may exit while the pool runs, abandoning its tasks; default false. */
    public PoolBuilder daemon(boolean daemon) {
        this.daemon = daemon;
        return this;
    }

    /**
     * The longest an attempt may run; an attempt that runs longer is interrupted (threads) or terminated
     * (processes) and ends as {@link Outcome.TimedOut} (or is retried). Default: no limit.
     */
    public PoolBuilder taskTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("taskTimeout must be positive, was " + timeout);
        }
        this.taskTimeout = timeout;
        return this;
    }

    /** When failed attempts are tried again; default {@link RetryPolicy#none()}. */
    public PoolBuilder retry(RetryPolicy retry) {
        this.retry = Objects.requireNonNull(retry, "retry");
        return this;
    }

    /**
     * Bounds the pool's queue: {@code submit} waits while {@code capacity} tasks are queued (backpressure).
     * Default: unbounded ({@link Pool#map} bounds itself with its window).
     */
    public PoolBuilder queueCapacity(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("queueCapacity must be positive, was " + capacity);
        }
        this.queueCapacity = capacity;
        return this;
    }

    /** Adds a listener for the pool's events. */
    public PoolBuilder listener(PoolListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * What to do with a failed or timed-out task whose outcome nobody read; default: log a warning
     * through {@code System.Logger} {@code dev.spool.pool}.
     */
    public PoolBuilder onUnobservedFailure(Consumer<Outcome<?>> handler) {
        this.unobservedFailureHandler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** Whether SIGINT/SIGTERM/SIGHUP stop this pool (see {@link dev.spool.stop.ShutdownSignals}); default true. */
    public PoolBuilder handleSignals(boolean handleSignals) {
        this.handleSignals = handleSignals;
        return this;
    }

    /**
     * Whether the pool keeps live statistics for {@link Pool#stats()} (counts per state, rate, latency
     * percentiles, ETA); default false, since it costs a few event objects per task.
     */
    public PoolBuilder collectStats(boolean collectStats) {
        this.collectStats = collectStats;
        return this;
    }

    /**
     * Builds and starts the pool: its workers start now.
     *
     * @throws UnsupportedOperationException for {@link WorkerKind#PROCESS}, which a later release adds
     */
    public Pool build() {
        return switch (kind) {
            case PLATFORM, VIRTUAL -> new Pool(this, new ThreadWorkerBackend(kind));
            case PROCESS -> throw new UnsupportedOperationException(
                    "PROCESS workers are not available in this release; use PLATFORM or VIRTUAL");
        };
    }
}
