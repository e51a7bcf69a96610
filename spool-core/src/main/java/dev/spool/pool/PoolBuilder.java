package dev.spool.pool;

import dev.spool.monitor.PoolListener;
import dev.spool.outcome.Outcome;
import dev.spool.process.Codec;
import dev.spool.process.ProcessWorkerBackend;
import dev.spool.process.ProcessWorkerSpec;
import dev.spool.process.TaskClasses;
import dev.spool.process.WorkerInitializer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Configures a {@link Pool}. Not thread-safe; build on one thread. Every setter validates its argument
 * and names the bad value.
 *
 * <p>The settings under "process workers" apply to {@link WorkerKind#PROCESS} only; {@link #build()} refuses
 * them for the thread kinds rather than ignore them.
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

    // Process workers; `processSettings` names the ones set, for build()'s check.
    final List<String> jvmOptions = new ArrayList<>();
    final List<Codec<?>> codecs = new ArrayList<>();
    int tasksPerChild;
    Class<? extends WorkerInitializer> workerInitializer;
    Path javaHome;
    private final java.util.Set<String> processSettings = new java.util.LinkedHashSet<>();

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

    // ---- process workers ----

    /**
     * Adds options for each child JVM of a {@link WorkerKind#PROCESS} pool, e.g. {@code -Xmx64m}, {@code
     * -Dkey=value}, {@code -XX:+UseSerialGC}. The class path and main class are the pool's to set.
     *
     * @throws IllegalArgumentException naming an option that is blank, does not start with {@code -}, or sets
     *     the class path, module path or main class
     */
    public PoolBuilder jvmOptions(String... options) {
        Objects.requireNonNull(options, "options");
        for (String option : options) {
            Objects.requireNonNull(option, "a JVM option");
            if (option.isBlank() || !option.startsWith("-")) {
                throw new IllegalArgumentException("a JVM option must start with '-', was '" + option + "'");
            }
            String name = option.split("[=:]", 2)[0];
            if (List.of("-cp", "-classpath", "--class-path", "-jar", "-m", "--module", "-p", "--module-path")
                    .contains(name)) {
                throw new IllegalArgumentException("JVM option '" + option + "' is not allowed: children use the"
                        + " pool's class path and module path and Spool's worker main class");
            }
        }
        jvmOptions.addAll(List.of(options));
        processSettings.add("jvmOptions");
        return this;
    }

    /**
     * Adds a codec for inputs and results of another type than the built-in ones ({@code String}, {@code
     * byte[]}, boxed primitives); see {@link Codec}. Codecs are tried in the order added.
     *
     * @throws IllegalArgumentException if a child JVM cannot create the codec's class by name
     */
    public PoolBuilder codec(Codec<?> codec) {
        Objects.requireNonNull(codec, "codec");
        TaskClasses.requireCreatableInChild(codec.getClass(), "codec");
        Objects.requireNonNull(codec.type(), () -> "codec " + codec.getClass().getName() + " has a null type()");
        codecs.add(codec);
        processSettings.add("codec");
        return this;
    }

    /**
     * Replaces each child JVM by a fresh one after it has run {@code tasks} tasks (Python's {@code
     * maxtasksperchild}); a chunk is not split, so a child may run a little more. Default: no limit.
     */
    public PoolBuilder tasksPerChild(int tasks) {
        if (tasks <= 0) {
            throw new IllegalArgumentException("tasksPerChild must be positive, was " + tasks);
        }
        this.tasksPerChild = tasks;
        processSettings.add("tasksPerChild");
        return this;
    }

    /**
     * Runs an instance of {@code initializer} once in each child JVM before its first task (Python's {@code
     * initializer}). Its failure fails the child's start.
     *
     * @throws IllegalArgumentException if a child JVM cannot create the class by name
     */
    public PoolBuilder workerInitializer(Class<? extends WorkerInitializer> initializer) {
        Objects.requireNonNull(initializer, "initializer");
        TaskClasses.requireCreatableInChild(initializer, "worker initializer");
        this.workerInitializer = initializer;
        processSettings.add("workerInitializer");
        return this;
    }

    /** The Java installation whose {@code bin/java} runs the child JVMs; default this JVM's {@code java.home}. */
    public PoolBuilder javaHome(Path javaHome) {
        this.javaHome = Objects.requireNonNull(javaHome, "javaHome");
        processSettings.add("javaHome");
        return this;
    }

    /**
     * Builds and starts the pool. Thread workers start as tasks arrive. For {@link WorkerKind#PROCESS},
     * every child JVM is running and has answered before this returns, each child's {@link
     * dev.spool.monitor.PoolEvent.WorkerStarted WorkerStarted} event has gone to the listeners given here,
     * and {@link Pool#workerPids()} names them.
     *
     * @throws IllegalStateException if a process-worker setting was given for a thread kind
     * @throws WorkerStartException if the workers cannot start: for process workers, java is missing, a JVM
     *     option is bad, or the initializer failed; the message says which, with the child's stderr
     */
    public Pool build() {
        return switch (kind) {
            case PLATFORM, VIRTUAL -> {
                if (!processSettings.isEmpty()) {
                    throw new IllegalStateException(String.join(", ", processSettings)
                            + " apply to PROCESS workers only; this pool's kind is " + kind);
                }
                yield new Pool(this, new ThreadWorkerBackend(kind));
            }
            case PROCESS -> new Pool(this, new ProcessWorkerBackend(new ProcessWorkerSpec(
                    javaHome != null ? javaHome : Path.of(System.getProperty("java.home")),
                    jvmOptions, codecs, tasksPerChild, workerInitializer)));
        };
    }
}
