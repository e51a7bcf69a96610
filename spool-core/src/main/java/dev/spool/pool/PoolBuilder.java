package dev.spool.pool;

import dev.spool.monitor.PoolListener;
import dev.spool.outcome.Outcome;
import dev.spool.internal.Scheduler;
import dev.spool.pool.spi.WorkerBackend;
import dev.spool.pool.spi.WorkerBackendFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Configures a {@link Pool}. Not thread-safe; build on one thread. Every setter validates its argument
 * and names the bad value.
 *
 * <p>The kind's own settings (a child JVM's options, say) belong to the kind: {@link
 * #kind(WorkerBackendFactory)} takes them, e.g. {@code kind(ProcessWorkers.childJvms().jvmOptions("-Xmx64m"))}.
 */
public final class PoolBuilder {

    String name;
    WorkerKind kind = WorkerKind.PLATFORM;
    WorkerBackendFactory kindFactory; // null for the thread kinds, which the pool makes itself
    int workers = Runtime.getRuntime().availableProcessors();
    boolean daemon;
    Duration taskTimeout;
    RetryPolicy retry = RetryPolicy.none();
    int queueCapacity = Integer.MAX_VALUE;
    final List<PoolListener> listeners = new ArrayList<>();
    Consumer<Outcome<?>> unobservedFailureHandler;
    boolean handleSignals = true;
    boolean collectStats;
    // Time, injectable by tests in this package only (time()): the system clock and the shared scheduler.
    TaskClock clock = TaskClock.SYSTEM;
    Scheduler scheduler = Scheduler.shared();

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

    /**
     * The kind of workers, with that kind's default settings; default {@link WorkerKind#PLATFORM}. {@link
     * WorkerKind#PROCESS} means {@code dev.spool.process.ProcessWorkers.childJvms()}.
     */
    public PoolBuilder kind(WorkerKind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.kindFactory = null;
        return this;
    }

    /**
     * The kind of workers with its own settings, e.g. {@code
     * kind(ProcessWorkers.childJvms().jvmOptions("-Xmx64m").tasksPerChild(1000))}.
     */
    public PoolBuilder kind(WorkerBackendFactory kind) {
        this.kindFactory = Objects.requireNonNull(kind, "kind");
        this.kind = Objects.requireNonNull(kind.kind(), () -> kind + " has a null kind()");
        return this;
    }

    /**
     * The number of workers, at least 1; default one per CPU. Thread workers start on demand, one per
     * submission until there are this many (as {@code ThreadPoolExecutor}'s core threads do), so a large
     * number costs nothing until tasks need it; if the process cannot create another thread, the pool goes
     * on with the ones it has and logs a warning. Process workers all start at {@link #build()}.
     */
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
     * (processes) and ends as {@link Outcome.TimedOut} (or is retried). Default: no limit. Process workers
     * of a pool with a timeout get one attempt at a time: chunks are not sent as one message and a map's
     * tasks are not pipelined, since the pool times each attempt itself.
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
     * Runs the pool on another clock and scheduler than the system's: for tests that advance time instead of
     * waiting for a timeout. Both must agree: an action scheduled {@code d} ahead runs when the clock has
     * advanced by {@code d}.
     */
    PoolBuilder time(TaskClock clock, Scheduler scheduler) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /**
     * Builds and starts the pool. Thread workers start as tasks arrive. For {@link WorkerKind#PROCESS},
     * every child JVM is running and has answered before this returns, each child's {@link
     * dev.spool.monitor.PoolEvent.WorkerStarted WorkerStarted} event has gone to the listeners given here,
     * and {@link Pool#workerPids()} names them.
     *
     * @throws IllegalStateException if no factory for the kind is on the class path or module path
     * @throws WorkerStartException if the workers cannot start: for process workers, java is missing, a JVM
     *     option is bad, or the initializer failed; the message says which, with the child's stderr
     */
    public Pool build() {
        return new Pool(this, backend());
    }

    private WorkerBackend backend() {
        if (kindFactory != null) {
            return kindFactory.newBackend();
        }
        return switch (kind) {
            case PLATFORM, VIRTUAL -> new ThreadWorkerBackend(kind);
            default -> defaultFactory(kind).newBackend();
        };
    }

    /** The factory registered as a service for {@code kind}: {@code ProcessWorkers} for PROCESS. */
    private static WorkerBackendFactory defaultFactory(WorkerKind kind) {
        for (WorkerBackendFactory factory : ServiceLoader.load(WorkerBackendFactory.class,
                PoolBuilder.class.getClassLoader())) {
            if (factory.kind() == kind) {
                return factory;
            }
        }
        throw new IllegalStateException("no worker backend for kind " + kind + " is on the class path or"
                + " module path (a " + WorkerBackendFactory.class.getName() + " service)");
    }
}
