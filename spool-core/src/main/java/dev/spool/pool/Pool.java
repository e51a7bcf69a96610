package dev.spool.pool;

import dev.spool.monitor.PoolEvent;
import dev.spool.monitor.PoolListener;
import dev.spool.monitor.Stats;
import dev.spool.internal.Scheduler;
import dev.spool.monitor.StatsCollector;
import dev.spool.outcome.Outcome;
import dev.spool.pool.spi.WorkerBackend;
import dev.spool.queue.internal.FifoQueue;
import dev.spool.queue.QueueClosedException;
import dev.spool.stop.ShutdownSignals;
import dev.spool.stop.StopToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * N workers of one {@link WorkerKind} consuming a work queue. Submit one task, or {@linkplain #map map} a
 * task over a lazily read stream of inputs; every task ends in exactly one {@link Outcome}.
 *
 * <pre>{@code
 * try (Pool pool = Pool.builder().kind(WorkerKind.VIRTUAL).workers(100).build()) {
 *     pool.map(Fetch::get, urls).forEach(outcome -> System.out.println(outcome));
 * }
 * }</pre>
 *
 * <h2>Stopping</h2>
 * <ul>
 *   <li>{@link #shutdown()}: accept no new tasks, run every queued one, then end (like {@code
 *       ExecutorService.shutdown} and Python's {@code executor.shutdown(wait=False)}).
 *   <li>{@link #close()}: shutdown and wait; the end of a try-with-resources block.
 *   <li>{@link #stop()}: graceful stop: nothing new starts, running tasks finish, queued ones end as
 *       {@link Outcome.NotRun}; the {@linkplain #stopToken() stop token} is requested so that long tasks
 *       can end early.
 *   <li>{@link #stopNow()}: immediate stop: a graceful stop that also interrupts running tasks, which end
 *       as {@link Outcome.Cancelled} (a task that ignores the interrupt ends when it returns; a process
 *       worker's child is terminated: SIGTERM, then SIGKILL after a grace period).
 *   <li>{@link #stop(Duration)}: graceful now, immediate after the grace period if still running.
 * </ul>
 *
 * <h2>Daemon pools and the JVM's exit</h2>
 * By default a pool keeps the JVM alive until it terminates, as Python waits for non-daemon threads and as
 * {@code ExecutorService} does: close your pools. A {@linkplain PoolBuilder#daemon(boolean) daemon} pool
 * does not keep the JVM alive: at exit its running tasks are abandoned mid-flight.
 *
 * <h2>Signals</h2>
 * Unless built with {@code handleSignals(false)}, a pool registers with {@link ShutdownSignals}: the first
 * SIGINT or SIGTERM (and any SIGHUP) stops every live pool gracefully, the second immediately, and once the
 * pools have stopped the JVM exits with 128 + the signal's number, running its shutdown hooks, as it would
 * have without Spool; {@link ShutdownSignals#exitAfterStop(boolean)} keeps it running instead. Running tasks
 * see the stop in their {@linkplain TaskContext#stopToken() stop token}, whose reason names the signal.
 *
 * <p>All methods are thread-safe.
 */
public final class Pool implements AutoCloseable {

    /*
     * Implementation notes.
     *
     * Run state, in `state`, only ever advances:
     *
     *   RUNNING -> SHUTDOWN -> STOPPING -> STOPPING_NOW -> TERMINATED
     *
     * (any step may be skipped, but TERMINATED only follows SHUTDOWN or later, once every loop has exited).
     * SHUTDOWN closes the queue (loops drain it, then exit). A stop requests the stop token first, with its
     * reason, and then advances to STOPPING, so that whoever sees the stop sees its reason; isStopping()
     * reads the token for the same reason. STOPPING empties the queue with closeNow(), completing what it
     * removed as NotRun; tasks a loop took just before the queue closed see isStopping() and end as NotRun
     * too. STOPPING_NOW also aborts each loop's running attempt.
     *
     * Loops. Thread loops start on demand: enqueue() starts one (under `loops`, before queueing the item,
     * so that a queued item always has a loop) until there are `workers`; after that `allLoopsStarted`
     * spares it the lock. Warm backends (child JVMs) start every loop at build and wait until each has
     * opened its worker. terminateIfDone() decides TERMINATED under the same lock, so that no loop starts
     * after the pool has terminated. A thread that cannot be created (the process's limit) leaves the pool
     * with the loops it has, with a warning; with none, the submission fails with WorkerStartException.
     *
     * The queue (a FifoQueue: nobody joins it, so it keeps no unfinished count) carries WorkItems:
     * one task, or a chunk of a map's tasks.
     *
     * A loop that dies of an unexpected error (never a task's error, which becomes an outcome) is replaced
     * while the pool runs; after MAX_START_FAILURES consecutive worker start failures the pool stops.
     *
     * Quiescence. `unfinished` counts the tasks created (newRecord: before they are queued, so a submission
     * waiting for room counts) and not yet done: a task is done once its outcome is decided and published
     * and its completion callback has run (TaskOwner.published(), the record's last act), so whoever
     * returns from awaitQuiescence() sees every outcome. A task that submits another from inside
     * (TaskContext.submit), or a completion callback that does, creates the child before its own task is
     * done, so the count cannot pass through zero while a tree of recursive work is still growing, as
     * WorkQueue's unfinished count cannot while a consumer puts before its taskDone(). The decrement that
     * reaches zero bumps `quiescentTimes` and signals `quiescence` under `quiescenceLock`; a waiter waits
     * there until the count is zero or the generation has moved (it was zero for a moment: a later
     * submission does not make the waiter miss it). Submissions from inside a task never wait for room
     * (FifoQueue.putPastCapacity): a
     * task blocked on its own pool's full queue would wait for itself.
     */

    private static final int RUNNING = 0;
    private static final int SHUTDOWN = 1;
    private static final int STOPPING = 2;
    private static final int STOPPING_NOW = 3;
    private static final int TERMINATED = 4;
    /**
     * Worker start failures in a row (no task succeeding between them) after which the pool stops instead of
     * starting yet another worker: three tells a broken setup (a bad JVM option, a failing initializer) from
     * a child that died once, without spinning up children for ever.
     */
    private static final int MAX_START_FAILURES = 3;
    private static final AtomicInteger POOL_NUMBERS = new AtomicInteger();

    private final String name;
    private final int workers;
    private final boolean daemon;
    private final Duration taskTimeout;
    private final RetryPolicy retry;
    private final TaskClock clock;
    private final Scheduler scheduler;
    private final WorkerBackend backend;
    private final FifoQueue<WorkItem> queue;
    private final Emitter emitter = new Emitter();
    private final UnobservedFailures unobserved;
    private final StopToken stopToken = new StopToken();
    private final StatsCollector stats;
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final AtomicLong seqs = new AtomicLong();
    /** Tasks created and not yet decided; see the notes on quiescence. */
    private final AtomicLong unfinished = new AtomicLong();
    private final java.util.concurrent.locks.ReentrantLock quiescenceLock = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.locks.Condition quiescence = quiescenceLock.newCondition();
    /** How many times `unfinished` has reached zero; guarded by `quiescenceLock`. */
    private long quiescentTimes;
    private final CountDownLatch terminated = new CountDownLatch(1);
    /** Counted down by each loop of a warm pool once its worker is open (or failed to open); else null. */
    private final CountDownLatch warmLoops;
    private final AtomicInteger consecutiveStartFailures = new AtomicInteger();
    /** The cancelled outcomes' reason after an immediate stop; set once, before the state advances to it. */
    private final AtomicReference<String> immediateReason = new AtomicReference<>();

    /** The live loops; guarded by itself. */
    private final List<WorkerLoop> loops = new ArrayList<>();
    /** The last loop's number, for its name. Guarded by `loops`. */
    private int loopNumbers;
    /** What this pool's task records call; a seam of its own so that a record can be tested alone. */
    private final TaskOwner owner = new TaskOwner() {
        @Override
        public void finished(TaskRecord<?, ?> record, Outcome<?> outcome) {
            Pool.this.finished(record, outcome);
        }

        @Override
        public void observed(TaskRecord<?, ?> record) {
            Pool.this.observed(record);
        }

        @Override
        public void published(TaskRecord<?, ?> record) {
            Pool.this.published(record);
        }

        @Override
        public String notRunReason() {
            return Pool.this.notRunReason();
        }

        @Override
        public TaskClock clock() {
            return clock;
        }
    };
    /** Set once, with the started loops, at build; guarded by `loops` afterwards (read without it in enqueue). */
    private volatile boolean allLoopsStarted;
    private final ShutdownSignals.Target signalTarget = new ShutdownSignals.Target() {
        @Override
        public void stopOnSignal(boolean immediate, String signal) {
            if (immediate) {
                stopNow("pool " + name + " stopped by a second SIG" + signal);
            } else {
                stop("pool " + name + " stopped by SIG" + signal);
            }
        }

        @Override
        public void awaitStopped() throws InterruptedException {
            awaitTermination();
        }

        @Override
        public String toString() {
            return "pool " + name;
        }
    };

    Pool(PoolBuilder builder, WorkerBackend backend) {
        this.name = builder.name != null ? builder.name : "pool-" + POOL_NUMBERS.incrementAndGet();
        try {
            backend.prestart(builder.workers);
        } catch (WorkerStartException e) {
            backend.close();
            throw e;
        } catch (Exception e) {
            backend.close();
            throw new WorkerStartException("pool " + name + ": workers could not start: " + e.getMessage(), e);
        }
        this.workers = builder.workers;
        this.daemon = builder.daemon;
        this.taskTimeout = builder.taskTimeout;
        this.retry = builder.retry;
        this.clock = builder.clock;
        this.scheduler = builder.scheduler;
        this.backend = backend;
        this.queue = new FifoQueue<>(builder.queueCapacity);
        // The collector reads "now" from the clock that stamps the events: one time line.
        this.stats = builder.collectStats ? new StatsCollector(name, clock::nowInstant) : null;
        if (stats != null) {
            emitter.add(stats);
        }
        for (PoolListener listener : builder.listeners) {
            emitter.add(listener);
        }
        Consumer<Outcome<?>> handler = builder.unobservedFailureHandler != null
                ? builder.unobservedFailureHandler
                : outcome -> UnobservedFailures.logFailure(name, outcome);
        this.unobserved = new UnobservedFailures(handler);
        if (!daemon && backend.kind() == WorkerKind.VIRTUAL) {
            startKeepAlive();
        }
        if (backend.isWarm()) {
            // Warm workers (child JVMs) all start now and are open before build() returns: their
            // WorkerStarted events have been emitted and workerPids() names them all.
            this.warmLoops = new CountDownLatch(workers);
            try {
                synchronized (loops) {
                    for (int i = 0; i < workers; i++) {
                        startLoop();
                    }
                    allLoopsStarted = true;
                }
            } catch (OutOfMemoryError | RuntimeException e) {
                // no thread for a loop: stop the loops that started, which close their children
                stopNow("pool " + name + " could not start its workers");
                throw new WorkerStartException("pool " + name + ": cannot start a worker thread: " + e, e);
            }
            awaitWarmLoops();
        } else {
            // Thread workers start on demand, one per submission until there are `workers` of them, as
            // ThreadPoolExecutor does: workers(100_000) with three tasks costs three threads.
            this.warmLoops = null;
        }
        if (builder.handleSignals) {
            ShutdownSignals.register(signalTarget);
        }
    }

    /** A builder with the defaults: {@link WorkerKind#PLATFORM}, one worker per CPU. */
    public static PoolBuilder builder() {
        return new PoolBuilder();
    }

    /** A pool of {@code workers} platform threads. */
    public static Pool platform(int workers) {
        return builder().kind(WorkerKind.PLATFORM).workers(workers).build();
    }

    /** A pool of {@code workers} virtual threads. */
    public static Pool virtual(int workers) {
        return builder().kind(WorkerKind.VIRTUAL).workers(workers).build();
    }

    // ---- submitting ----

    /**
     * Submits {@code task} to run on {@code input}. Waits for room if the pool's queue is bounded and full.
     *
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalArgumentException if this pool's kind cannot run the task (see {@link Task})
     * @throws PoolClosedException if the pool is shut down or stopping
     * @throws InterruptedException if interrupted while waiting for room; the task was not submitted
     */
    public <I, R> TaskHandle<R> submit(Task<I, R> task, I input) throws InterruptedException {
        Objects.requireNonNull(task, "task");
        backend.validate(task);
        TaskRecord<I, R> record = newRecord(task, input, null, -1);
        enqueue(record, true);
        return record;
    }

    /**
     * Submits {@code task} to run on {@code input}, and calls {@code whenDone} with its outcome once it is
     * decided, whatever it is: the hook for code that reacts to each outcome without a thread waiting on
     * each handle (a pipeline routes each result on this way). Waits for room as
     * {@link #submit(Task, Object)} does.
     *
     * <p>{@code whenDone} runs exactly once, on the thread that decided the outcome: a worker's, the thread
     * that stopped the pool (for tasks that end not run), or this one if the pool refused the task (then
     * with a {@link Outcome.NotRun}, before the exception is thrown). It counts as reading the outcome, so
     * a failure it is given is never reported as unobserved. It must not throw; it may submit more work.
     *
     * <pre>{@code
     * pool.submit(new Fetch(), url, outcome -> results.add(outcome));
     * }</pre>
     *
     * @throws NullPointerException if {@code task} or {@code whenDone} is null
     * @throws IllegalArgumentException if this pool's kind cannot run the task
     * @throws PoolClosedException if the pool is shut down or stopping; {@code whenDone} has had the task's
     *     {@code NotRun} outcome
     * @throws InterruptedException if interrupted while waiting for room; likewise
     */
    public <I, R> TaskHandle<R> submit(Task<I, R> task, I input, Consumer<? super Outcome<R>> whenDone)
            throws InterruptedException {
        TaskRecord<I, R> record = newRecordWithCallback(task, input, whenDone);
        enqueue(record, true);
        return record;
    }

    /**
     * {@link #submit(Task, Object, Consumer)} without waiting: if the pool's queue is bounded and full, the
     * task goes past the bound instead. For work that the pool's own tasks, or a cycle through it, generate:
     * waiting for room there could mean waiting for oneself. Memory is then bounded by what generates the
     * work, not by the queue's capacity.
     *
     * <pre>{@code
     * pool.submitPastBound(new Fetch(), link, outcome -> routeOn(outcome)); // never blocks
     * }</pre>
     *
     * @throws NullPointerException if {@code task} or {@code whenDone} is null
     * @throws IllegalArgumentException if this pool's kind cannot run the task
     * @throws PoolClosedException if the pool is shut down or stopping; {@code whenDone} has had the task's
     *     {@code NotRun} outcome
     */
    public <I, R> TaskHandle<R> submitPastBound(Task<I, R> task, I input, Consumer<? super Outcome<R>> whenDone) {
        TaskRecord<I, R> record = newRecordWithCallback(task, input, whenDone);
        try {
            enqueue(record, false);
        } catch (InterruptedException e) {
            throw new AssertionError("an enqueue that never waits was interrupted", e);
        }
        return record;
    }

    /** What {@link TaskContext#submit} calls: a task submitting to its own pool never waits for room. */
    <I, R> TaskHandle<R> submitFromTask(Task<I, R> task, I input) {
        Objects.requireNonNull(task, "task");
        backend.validate(task);
        TaskRecord<I, R> record = newRecord(task, input, null, -1);
        try {
            enqueue(record, false);
        } catch (InterruptedException e) {
            throw new AssertionError("an enqueue that never waits was interrupted", e);
        }
        return record;
    }

    private <I, R> TaskRecord<I, R> newRecordWithCallback(Task<I, R> task, I input,
                                                         Consumer<? super Outcome<R>> whenDone) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(whenDone, "whenDone");
        backend.validate(task);
        return newRecord(task, input, done -> {
            @SuppressWarnings("unchecked")
            TaskRecord<I, R> typed = (TaskRecord<I, R>) done;
            whenDone.accept(typed.observe(typed.peekOutcome())); // published before onComplete runs
        }, -1);
    }

    /**
     * Checks that this pool's kind can run {@code task}, as every submit does, without submitting it: for a
     * caller that will submit it later, from a place where a refusal is harder to report (a pipeline checks
     * each stage's task when it starts).
     *
     * <pre>{@code
     * processPool.requireRunnable(new Fetch()); // throws now if a child JVM cannot create Fetch
     * }</pre>
     *
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalArgumentException if this pool's kind cannot run it, saying why
     */
    public void requireRunnable(Task<?, ?> task) {
        Objects.requireNonNull(task, "task");
        backend.validate(task);
    }

    /**
     * Submits a callable, for thread kinds. A callable cannot be sent to a process: use {@link
     * #submit(Task, Object)} with a named task class there.
     *
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalArgumentException if this pool's kind cannot run it
     */
    public <R> TaskHandle<R> submit(Callable<R> task) throws InterruptedException {
        Objects.requireNonNull(task, "task");
        if (!backend.runsInThisJvm()) {
            throw new IllegalArgumentException("a Callable cannot be sent to a " + backend.kind()
                    + " worker, which recreates its task by class name; submit a Task class instead");
        }
        return submit(new CallableTask<>(task), null);
    }

    /**
     * Maps {@code task} over {@code inputs} with the default options: outcomes in input order, at most
     * {@code max(256, 4 x workers)} inputs in flight.
     *
     * @see #map(Task, Iterable, MapOptions)
     */
    public <I, R> Stream<Outcome<R>> map(Task<I, R> task, Iterable<? extends I> inputs) {
        return map(task, inputs, MapOptions.ordered());
    }

    /**
     * Maps {@code task} over a stream of inputs; the stream is read lazily. Close the returned stream (or
     * read it to the end) to release the input stream.
     *
     * @see #map(Task, Iterable, MapOptions)
     */
    public <I, R> Stream<Outcome<R>> map(Task<I, R> task, Stream<? extends I> inputs, MapOptions options) {
        Objects.requireNonNull(inputs, "inputs");
        Iterable<I> iterable = () -> inputs.<I>map(i -> i).iterator();
        return map(task, iterable, options).onClose(inputs::close);
    }

    /**
     * Maps {@code task} over {@code inputs}, which are read lazily, on the thread that reads the returned
     * stream, and only as far as the window allows: ten million inputs never sit in memory at once.
     * Each input gets exactly one outcome, handed back in input order or in completion order. Reading an
     * outcome from the stream marks it observed.
     *
     * <p><b>Every input read gets exactly one outcome</b> in the stream, whatever happens:
     * <ul>
     *   <li>Closing the stream early cancels the inputs submitted and not yet handed back.
     *   <li>If the pool shuts down or stops while the map runs, the map reads no more inputs; the stream
     *       hands back the outcome of every input it read (those that never started: {@link
     *       Outcome.NotRun}; those an immediate stop interrupted: {@link Outcome.Cancelled}), and then, if
     *       inputs may remain unread, throws {@link PoolClosedException} saying how many were read, as
     *       {@link #submit} throws it for a task it cannot take. Inputs that ran out by themselves end the
     *       stream normally.
     *   <li>With a {@linkplain MapOptions#deadline(Duration) deadline}, likewise once it passes, with {@link
     *       DeadlineExceededException}.
     *   <li>If reading an input throws, the stream hands back the outcomes before it, then throws that
     *       exception.
     * </ul>
     * Unread inputs are never read just to be reported: an endless source would never end.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if this pool's kind cannot run the task
     * @throws PoolClosedException if the pool is shut down or stopping already: no input is read
     */
    public <I, R> Stream<Outcome<R>> map(Task<I, R> task, Iterable<? extends I> inputs, MapOptions options) {
        long knownSize = checkMap(task, inputs, options);
        return mapped(task, inputs, knownSize, options, (record, outcome) -> outcome);
    }

    /**
     * As {@link #map(Task, Iterable, MapOptions)}, each outcome with the input it belongs to and its position
     * among the inputs: in completion order, the way to tell which input failed.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if this pool's kind cannot run the task
     * @throws PoolClosedException if the pool is shut down or stopping already: no input is read
     */
    public <I, R> Stream<MapOutcome<I, R>> mapWithInputs(Task<I, R> task, Iterable<? extends I> inputs,
                                                         MapOptions options) {
        long knownSize = checkMap(task, inputs, options);
        return mapped(task, inputs, knownSize, options,
                (record, outcome) -> new MapOutcome<>(record.mapIndex(), record.input(), outcome));
    }

    /** {@link #mapWithInputs(Task, Iterable, MapOptions)} over a stream of inputs, read lazily. */
    public <I, R> Stream<MapOutcome<I, R>> mapWithInputs(Task<I, R> task, Stream<? extends I> inputs,
                                                         MapOptions options) {
        Objects.requireNonNull(inputs, "inputs");
        Iterable<I> iterable = () -> inputs.<I>map(i -> i).iterator();
        return mapWithInputs(task, iterable, options).onClose(inputs::close);
    }

    /** The checks of a map before it reads an input; the number of inputs if known, else -1. */
    private long checkMap(Task<?, ?> task, Iterable<?> inputs, MapOptions options) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(options, "options");
        backend.validate(task);
        if (state.get() != RUNNING) {
            throw new PoolClosedException("cannot map: " + closedReason());
        }
        long knownSize = inputs instanceof java.util.Collection<?> collection ? collection.size() : -1;
        if (stats != null && knownSize >= 0) {
            stats.expectTotal(seqs.get() + knownSize);
        }
        return knownSize;
    }

    private <I, R, T> Stream<T> mapped(Task<I, R> task, Iterable<? extends I> inputs, long knownSize,
                                       MapOptions options, BiFunction<TaskRecord<I, R>, Outcome<R>, T> handBack) {
        var iterator = new MapIterator<I, R, T>(this, task, inputs.iterator(), knownSize, options, handBack);
        var spliterator = Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(spliterator, false).onClose(iterator::close);
    }

    /** A new task; {@code mapIndex} is its input's position among a map's inputs, or -1 if not a map's. */
    <I, R> TaskRecord<I, R> newRecord(Task<I, R> task, I input, Consumer<TaskRecord<?, ?>> onComplete,
                                      long mapIndex) {
        unfinished.incrementAndGet(); // before the task can be queued, run and decided: see the notes
        return new TaskRecord<>(owner, seqs.incrementAndGet(), task, input, onComplete, mapIndex);
    }

    /**
     * Puts an item on the queue, emitting Submitted for each of its tasks, and starts a loop for it if the
     * pool has fewer than its workers (as {@code ThreadPoolExecutor} starts a thread per task below its
     * core size). On refusal the item's tasks end NotRun and the refusal is thrown.
     *
     * @throws PoolClosedException if the pool is shut down or stopping
     * @throws WorkerStartException if no loop runs and none could be started (no thread to be had)
     */
    void enqueue(WorkItem item) throws InterruptedException {
        enqueue(item, true);
    }

    /** {@link #enqueue(WorkItem)}; with {@code wait} false it never waits, going past a bound instead. */
    private void enqueue(WorkItem item, boolean wait) throws InterruptedException {
        if (!emitter.isEmpty()) {
            for (TaskRecord<?, ?> record : item.records()) {
                emit(new PoolEvent.Submitted(name, TaskClock.instant(record.submittedAt()), record.seq()));
            }
        }
        try {
            if (state.get() != RUNNING) {
                throw new QueueClosedException("pool not running");
            }
            if (!allLoopsStarted) {
                ensureLoop();
            }
            if (wait) {
                queue.put(item);
            } else {
                queue.putPastCapacity(item);
            }
        } catch (QueueClosedException | InterruptedException | WorkerStartException e) {
            String reason = e instanceof WorkerStartException ? "not run: " + e.getMessage() : notRunReason();
            for (TaskRecord<?, ?> record : item.records()) {
                completeNotRun(record, reason);
            }
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (e instanceof WorkerStartException failure) {
                throw failure;
            }
            throw new PoolClosedException("cannot submit: " + describe());
        }
    }

    // ---- stopping ----

    /** Accepts no new tasks; queued ones still run. Returns at once. Idempotent. */
    public void shutdown() {
        if (advance(SHUTDOWN)) {
            queue.close();
        }
        terminateIfDone();
    }

    /** Graceful stop: nothing new starts, running tasks finish, queued ones end as not run. At once. */
    public void stop() {
        stop("pool " + name + " stopped");
    }

    /**
     * Graceful stop for {@code reason}, which the stop token carries to running tasks (see {@link
     * StopToken#reason()}) and which the not-run outcomes quote. The first stop's reason is kept. At once.
     *
     * @param reason why the pool stops, e.g. {@code "the run halted"}; the pool adds what it did to each task
     * @throws NullPointerException if {@code reason} is null
     */
    public void stop(String reason) {
        Objects.requireNonNull(reason, "reason");
        // The reason is published (by the token) before the state: whoever sees STOPPING reads the reason.
        stopToken.requestStop(reason);
        if (advance(STOPPING)) {
            emit(new PoolEvent.Stopping(name, clock.nowInstant(), false, stopToken.reason()));
            String notRun = notRunReason();
            for (WorkItem item : queue.closeNow()) {
                for (TaskRecord<?, ?> record : item.records()) {
                    completeNotRun(record, notRun);
                }
            }
        }
        terminateIfDone();
    }

    /** Immediate stop: a graceful stop that also interrupts running tasks (they end cancelled). At once. */
    public void stopNow() {
        stopNow("pool " + name + " stopped immediately");
    }

    /**
     * Immediate stop for {@code reason}: a graceful stop that also interrupts running tasks, which end
     * cancelled, quoting the reason. At once.
     *
     * @throws NullPointerException if {@code reason} is null
     */
    public void stopNow(String reason) {
        Objects.requireNonNull(reason, "reason");
        stop(reason);
        immediateReason.compareAndSet(null, reason + ", while the task ran"); // before the state: see stop()
        if (advance(STOPPING_NOW)) {
            emit(new PoolEvent.Stopping(name, clock.nowInstant(), true, reason));
            List<WorkerLoop> snapshot;
            synchronized (loops) {
                snapshot = List.copyOf(loops);
            }
            for (WorkerLoop loop : snapshot) {
                loop.abortCurrent(cancelledByStopReason());
            }
        }
    }

    /**
     * Stops gracefully now and, if the pool has not terminated after {@code grace}, immediately. Returns at
     * once; use {@link #awaitTermination} to wait.
     */
    public void stop(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        stop();
        if (!isTerminated()) {
            scheduler.schedule(this::stopNow, grace);
        }
    }

    /** Waits until every worker has ended. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /**
     * Waits at most {@code timeout} until every worker has ended.
     *
     * @return true if terminated, false if the timeout expired first
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits until the pool is quiescent: every task submitted so far, and every task those tasks submitted
     * from inside ({@link TaskContext#submit}), has its outcome: nothing queued, nothing running, nothing
     * being submitted. The pool stays open; use it for recursive work, then {@link #close()}:
     *
     * <pre>{@code
     * try (Pool pool = Pool.virtual(32)) {
     *     pool.submit(new Crawl(), "/");   // Crawl submits a Crawl per new link through its TaskContext
     *     pool.awaitQuiescence();          // every page reached has been crawled
     * }
     * }</pre>
     *
     * Returns once the count of {@linkplain #unfinished() unfinished} tasks has been zero, even if a thread
     * outside the pool submitted more since. Never call it from one of the pool's own tasks: the task would
     * wait for itself.
     */
    public void awaitQuiescence() throws InterruptedException {
        awaitQuiescence(false, 0);
    }

    /**
     * Waits at most {@code timeout} until the pool is quiescent; see {@link #awaitQuiescence()}.
     *
     * @return true if quiescent, false if the timeout expired first
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean awaitQuiescence(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        return awaitQuiescence(true, nanos);
    }

    private boolean awaitQuiescence(boolean timed, long nanos) throws InterruptedException {
        quiescenceLock.lockInterruptibly();
        try {
            long generation = quiescentTimes;
            while (unfinished.get() != 0 && quiescentTimes == generation) {
                if (!timed) {
                    quiescence.await();
                } else if (nanos <= 0) {
                    return false;
                } else {
                    nanos = quiescence.awaitNanos(nanos);
                }
            }
            return true;
        } finally {
            quiescenceLock.unlock();
        }
    }

    /**
     * Tasks submitted (or being submitted) and not yet decided: queued, running, or between attempts. The
     * count {@link #awaitQuiescence()} waits on.
     */
    public long unfinished() {
        return unfinished.get();
    }

    /**
     * Shuts down and waits until every queued task has run. If interrupted while waiting, stops
     * immediately, keeps waiting, and restores the interrupt flag (as {@code ExecutorService.close}).
     */
    @Override
    public void close() {
        shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                terminated.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                stopNow();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- state ----

    /** The pool's name, used in thread names, events and logs. */
    public String name() {
        return name;
    }

    /** The kind of workers. */
    public WorkerKind kind() {
        return backend.kind();
    }

    /** The number of worker slots. */
    public int workers() {
        return workers;
    }

    /**
     * The process ids of this pool's child JVMs, one per live worker, in no particular order; empty for
     * thread workers. For {@link WorkerKind#PROCESS} every child has started when {@code build()} returns, so
     * this names them all from then on; a crashed or recycled child is replaced by one with a new pid.
     */
    public List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        synchronized (loops) {
            for (WorkerLoop loop : loops) {
                loop.workerPid().ifPresent(pids::add);
            }
        }
        return List.copyOf(pids);
    }

    /** Whether the JVM may exit while this pool runs. */
    public boolean isDaemon() {
        return daemon;
    }

    /** The token requested when the pool stops; tasks see it in their {@link TaskContext}. */
    public StopToken stopToken() {
        return stopToken;
    }

    /** Whether {@link #shutdown}, a stop or {@link #close} has begun. */
    public boolean isShutdown() {
        return state.get() >= SHUTDOWN;
    }

    /** Whether every worker has ended. */
    public boolean isTerminated() {
        return state.get() == TERMINATED;
    }

    /** Tasks waiting in the queue (chunks count once). */
    public int queued() {
        return queue.size();
    }

    /**
     * A snapshot of the pool's statistics: counts per state, in flight, queued, rate, latency percentiles
     * and, once a total is {@linkplain #expectTotal expected}, the ETA.
     *
     * @throws IllegalStateException unless the pool was built with {@link PoolBuilder#collectStats(boolean)
     *     collectStats(true)}
     */
    public Stats stats() {
        return requireStats().snapshot();
    }

    /**
     * Tells the statistics how many tasks to expect in all, for the ETA; {@link #map} over a collection
     * does it by itself.
     *
     * @throws IllegalArgumentException if {@code total} is negative
     * @throws IllegalStateException unless the pool collects statistics
     */
    public void expectTotal(long total) {
        if (total < 0) {
            throw new IllegalArgumentException("total must not be negative, was " + total);
        }
        requireStats().expectTotal(total);
    }

    private StatsCollector requireStats() {
        if (stats == null) {
            throw new IllegalStateException("pool " + name + " keeps no statistics: build it with collectStats(true)");
        }
        return stats;
    }

    /** Adds a listener for this pool's events; see {@link PoolListener} for the threading rules. */
    public void addListener(PoolListener listener) {
        emitter.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public String toString() {
        return "Pool[" + describe() + "]";
    }

    /** A one-line snapshot for messages: name, kind, state, workers, queue. */
    String describe() {
        int live;
        int running = 0;
        synchronized (loops) {
            live = loops.size();
            for (WorkerLoop loop : loops) {
                running += loop.runningCount();
            }
        }
        return name + ": " + backend.kind().name().toLowerCase(java.util.Locale.ROOT) + ", "
                + stateName(state.get()) + ", " + live + "/" + workers + " workers, " + queue.size() + " queued, "
                + running + " running";
    }

    // ---- for the loops, records and map ----

    /** Whether a stop has begun: its token is requested first, before the state advances (see stop()). */
    boolean isStopping() {
        return stopToken.isStopRequested();
    }

    boolean isStoppingNow() {
        return state.get() >= STOPPING_NOW;
    }

    /** Why the pool takes no more tasks, for the exceptions that refuse them: its state and the stop's reason. */
    String closedReason() {
        return stopToken.isStopRequested() ? stopToken.reason() + " (" + describe() + ")" : describe();
    }

    /** The reason a task that never started gives, once the pool is stopping: the stop's, in its own words. */
    String notRunReason() {
        if (!stopToken.isStopRequested()) {
            return "pool " + name + " is shut down; the task was not run";
        }
        return stopToken.reason() + ", before the task started";
    }

    /** The reason an attempt aborted by an immediate stop gives; set before the state says STOPPING_NOW. */
    String cancelledByStopReason() {
        return immediateReason.get();
    }

    void emit(PoolEvent event) {
        if (!emitter.isEmpty()) {
            emitter.emit(event);
        }
    }

    /** The clock that stamps this pool's tasks and events. */
    TaskClock clock() {
        return clock;
    }

    /** What fires this pool's task timeouts and stop escalations. */
    Scheduler scheduler() {
        return scheduler;
    }

    /** Whether anyone listens; per-task paths check it before building an event (and reading the clock). */
    boolean hasListeners() {
        return !emitter.isEmpty();
    }

    void finished(TaskRecord<?, ?> record, Outcome<?> outcome) {
        if (hasListeners()) {
            emit(new PoolEvent.Finished(name, outcome.info().ended(), outcome));
        }
        if (outcome instanceof Outcome.Failed<?> || outcome instanceof Outcome.TimedOut<?>) {
            unobserved.failed(record, outcome);
        } else if (outcome instanceof Outcome.Succeeded<?> && consecutiveStartFailures.get() != 0) {
            // Reset only when set: an unconditional store would bounce this cache line between the
            // workers on every task.
            consecutiveStartFailures.set(0);
        }
    }

    void observed(TaskRecord<?, ?> record) {
        unobserved.observed(record);
    }

    /** The record's outcome is out and its callback has run: it no longer counts as unfinished. */
    void published(TaskRecord<?, ?> record) {
        if (unfinished.decrementAndGet() == 0) {
            quiescenceLock.lock();
            try {
                quiescentTimes++;
                quiescence.signalAll();
            } finally {
                quiescenceLock.unlock();
            }
        }
    }

    void loopExited(WorkerLoop loop, Throwable cause) {
        boolean giveUp = false;
        synchronized (loops) {
            loops.remove(loop);
            if (cause != null && state.get() < STOPPING) {
                if (cause instanceof WorkerStartException
                        && consecutiveStartFailures.incrementAndGet() >= MAX_START_FAILURES) {
                    giveUp = true;
                } else {
                    try {
                        startLoop();
                    } catch (OutOfMemoryError | RuntimeException e) {
                        // no thread for a replacement: the other loops go on; with none left, stop below
                        giveUp = loops.isEmpty();
                        cause = new WorkerStartException("cannot start a replacement worker thread: " + e, e);
                    }
                }
            }
        }
        if (giveUp) {
            stop("pool " + name + " stopped: workers could not start: " + cause.getMessage());
        }
        terminateIfDone();
    }

    /**
     * Starts one more loop if the pool has fewer than its workers; for enqueue, before the item is queued, so
     * that a queued item always has a loop to run it.
     *
     * @throws WorkerStartException if no loop runs and no thread can be started for one
     */
    private void ensureLoop() {
        synchronized (loops) {
            if (allLoopsStarted || state.get() != RUNNING) {
                return;
            }
            try {
                startLoop();
            } catch (OutOfMemoryError | RuntimeException e) {
                // OutOfMemoryError "unable to create native thread": the process or user limit is reached.
                if (loops.isEmpty()) {
                    throw new WorkerStartException("pool " + name + ": cannot start a worker thread: " + e, e);
                }
                allLoopsStarted = true; // run with the loops there are; say so once
                System.getLogger("dev.spool.pool").log(System.Logger.Level.WARNING, "pool " + name
                        + ": started " + loops.size() + " of " + workers + " worker threads, then: " + e
                        + "; running with " + loops.size());
                return;
            }
            if (loops.size() >= workers) {
                allLoopsStarted = true;
            }
        }
    }

    private void startLoop() {
        assert Thread.holdsLock(loops);
        String loopName = name + "-worker-" + (++loopNumbers);
        var loop = new WorkerLoop(this, queue, backend, loopName, taskTimeout, retry);
        Thread thread = backend.newLoopThread(loopName, daemon, loop);
        loops.add(loop);
        try {
            thread.start();
        } catch (OutOfMemoryError | RuntimeException e) {
            loops.remove(loop);
            throw e;
        }
    }

    /** Called by each loop once its worker is open, or could not open. */
    void loopWarmed() {
        if (warmLoops != null) {
            warmLoops.countDown();
        }
    }

    private void awaitWarmLoops() {
        boolean interrupted = false;
        while (true) {
            try {
                warmLoops.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // build() is not interruptible; the flag is restored
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void terminateIfDone() {
        synchronized (loops) { // with ensureLoop: no loop starts after the pool has terminated
            if (!loops.isEmpty()) {
                return;
            }
            while (true) {
                int s = state.get();
                if (s == TERMINATED || s == RUNNING) {
                    return;
                }
                if (state.compareAndSet(s, TERMINATED)) {
                    break;
                }
            }
        }
        backend.close();
        ShutdownSignals.unregister(signalTarget);
        unobserved.reportAll();
        terminated.countDown();
    }

    private boolean advance(int target) {
        while (true) {
            int s = state.get();
            if (s >= target) {
                return false;
            }
            if (state.compareAndSet(s, target)) {
                return true;
            }
        }
    }

    /** Ends a task that never started, for the pool's stop: the one not-run path of the pool and its loops. */
    void completeNotRun(TaskRecord<?, ?> record) {
        completeNotRun(record, notRunReason());
    }

    private static void completeNotRun(TaskRecord<?, ?> record, String reason) {
        record.complete(info -> new Outcome.NotRun<>(info, reason));
    }

    private void startKeepAlive() {
        Thread.ofPlatform().name(name + "-keepalive").daemon(false).start(() -> {
            while (true) {
                try {
                    terminated.await();
                    return;
                } catch (InterruptedException ignored) {
                    // keep the JVM alive until the pool terminates
                }
            }
        });
    }

    private static String stateName(int state) {
        return switch (state) {
            case RUNNING -> "running";
            case SHUTDOWN -> "shut down";
            case STOPPING -> "stopping";
            case STOPPING_NOW -> "stopping now";
            case TERMINATED -> "terminated";
            default -> throw new IllegalStateException("unknown pool state " + state);
        };
    }

    /** Adapts a Callable; only thread workers can run it. */
    record CallableTask<R>(Callable<R> callable) implements Task<Void, R> {
        @Override
        public R run(Void input, TaskContext context) throws Exception {
            return callable.call();
        }
    }
}
