package dev.spool.pipeline;

import dev.spool.outcome.Outcome;
import dev.spool.pool.Pool;
import dev.spool.stop.ShutdownSignals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A running graph of producer–consumer stages: each stage a {@link Pool} of its own kind and size, fed
 * through a bounded buffer; in a line, fanning out and in, and in cycles. It ends exactly when its sources
 * are exhausted and no item is in flight anywhere.
 *
 * <pre>{@code
 * PipelineBuilder<Integer> b = Pipeline.builder("lengths");
 * Stage<String, String> trim = b.map("trim", StageOptions.platform(2), (s, c) -> s.strip());
 * Stage<String, Integer> length = b.map("length", StageOptions.virtual(8).buffer(1), (s, c) -> s.length());
 * b.source(trim, List.of(" a ", "bb")).connect(trim, length).output(length);
 * try (Pipeline<Integer> pipeline = b.start()) {
 *     pipeline.outcomes().forEach(o -> System.out.println(o.index() + ": " + o.outcome()));
 * }
 * }</pre>
 *
 * <h2>Termination</h2>
 * The pipeline counts every open source and every item in flight: in a buffer, in a task, being routed.
 * An item is counted before it is handed to a stage, by the holder of a count (a source's reader, or the
 * task of the item it came from), and uncounted once its task's outcome is decided and everything it
 * emitted has been counted, as {@code taskDone}/{@code join} count a queue's tasks. When the count reaches
 * zero, nothing can add to it again: the outcome stream ends and the stages shut down. No time-outs, no
 * "the queues looked empty".
 *
 * <h2>Outcomes</h2>
 * Every item that enters a stage ends exactly once: it goes on as the input of the items it emitted, or it
 * is filtered out (emits nothing), or it ends in one {@link PipelineOutcome}: a value an output stage
 * emitted, or a failure, time-out, cancellation or not-run at the stage where it ended. Each outcome names
 * the stage, the input the stage was given, and the source item it descends from.
 *
 * <h2>Backpressure and memory</h2>
 * Items waiting in the pipeline are bounded by the sum over stages of (buffer + workers), plus the
 * outcomes buffer ({@link PipelineBuilder#outputBuffer}), plus what feedback edges spill past full buffers
 * (bounded by the work the cycle generates, see {@link PipelineBuilder}). Sources are read only as the
 * first stage's buffer has room, so an endless source costs no more memory than a short one. A reader that
 * stops reading the outcomes stops the output stages, and behind them the rest.
 *
 * <h2>Stopping</h2>
 * {@link #stop()}, {@link #stopNow()} and {@link #stop(Duration)} act on every stage at once, as they act on
 * a pool: no source item is read after, items waiting in buffers end {@link Outcome.NotRun}, running tasks
 * finish (or, immediately, are interrupted or their child JVMs terminated, and end {@link
 * Outcome.Cancelled}); what a finishing task emits ends NotRun at the stage it was sent to. Every stage's
 * stop token is requested. Every item that entered still ends in exactly one way; the outcome stream hands
 * them all back, then ends. Unless built with {@code handleSignals(false)}, SIGINT/SIGTERM stop the
 * pipeline as they stop a pool.
 *
 * <p>All methods are thread-safe.
 *
 * @param <R> the type of the values the output stages emit
 */
public final class Pipeline<R> implements AutoCloseable {

    /*
     * Implementation notes.
     *
     * Threads: one reader per source (a platform thread named <pipeline>-source-<n>), the stages' pools'
     * workers, and whoever reads the outcomes. Sources are read on threads of their own, not on the reader
     * of the outcomes: a reader blocked on a full first stage could not drain the outcomes that the last
     * stages wait to hand over.
     *
     * Life cycle, one way: RUNNING -> (STOPPING) -> DONE when the count reaches zero (finish(): the outcome
     * stream ends, every pool shuts down) -> TERMINATED once every pool has terminated (awaitTermination
     * waits for the pools, so that no worker thread or child JVM outlives it). `stopping` is set before any
     * pool is stopped, and the outcome buffer unbounded, so that the NotRun outcomes a stop completes on the
     * stopping thread never wait for a reader.
     *
     * Deadlock freedom (the cycle policy): a thread waits only (a) to hand an item along a connect edge,
     * (b) to hand an outcome to the reader, (c) in a task. Connect edges form a DAG (checked at start), so
     * a wait of kind (a) is for a stage later in topological order; the last stages wait only for the
     * reader. Feedback edges never wait. So, as long as the outcomes are read, every wait ends.
     */

    private final String name;
    final InFlightCounter counter;
    final OutcomeBuffer<PipelineOutcome<R>> results;
    private final List<StageRuntime> stages = new ArrayList<>();
    private final List<Thread> sourceThreads = new ArrayList<>();
    private final boolean failFast;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean streamTaken = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    /** The first source that could not be read, with its error; null if none. */
    private final AtomicReference<PipelineException> sourceFailure = new AtomicReference<>();
    private final ShutdownSignals.Target signalTarget;
    private final boolean handleSignals;

    /** A builder for a pipeline called {@code name} (its stages' pools are named {@code name-stage}). */
    public static <R> PipelineBuilder<R> builder(String name) {
        return new PipelineBuilder<>(name);
    }

    @SuppressWarnings("unchecked")
    Pipeline(PipelineBuilder<R> builder) {
        this.name = builder.name;
        this.failFast = builder.failFast;
        this.handleSignals = builder.handleSignals;
        this.results = new OutcomeBuffer<>(builder.outputBuffer);
        this.counter = new InFlightCounter(builder.sources.size(), this::finish);
        try {
            for (Stage<?, ?> stage : builder.stages) {
                stages.add(new StageRuntime(this, stage, builder.outputs.contains(stage.id),
                        builder.routers.get(stage.id), builder.collectStats));
            }
        } catch (RuntimeException | Error e) {
            for (StageRuntime started : stages) {
                started.pool.stopNow("pipeline " + name + " could not start: " + e.getMessage());
            }
            throw e;
        }
        for (Stage<?, ?> stage : builder.stages) {
            List<StageRuntime.Target> targets = new ArrayList<>();
            List<Stage<?, ?>> targetStages = new ArrayList<>();
            for (PipelineBuilder.Edge edge : builder.edges.getOrDefault(stage.id, List.of())) {
                targets.add(new StageRuntime.Target(stages.get(edge.to()), edge.feedback()));
                targetStages.add(builder.stages.get(edge.to()));
            }
            stages.get(stage.id).wire(targets, targetStages);
        }
        this.signalTarget = new ShutdownSignals.Target() {
            @Override
            public void stopOnSignal(boolean immediate, String signal) {
                if (immediate) {
                    stopNow("pipeline " + name + " stopped by a second SIG" + signal);
                } else {
                    stop("pipeline " + name + " stopped by SIG" + signal);
                }
            }

            @Override
            public void awaitStopped() throws InterruptedException {
                awaitTermination();
            }

            @Override
            public String toString() {
                return "pipeline " + name;
            }
        };
        if (handleSignals) {
            ShutdownSignals.register(signalTarget);
        }
        int number = 0;
        for (PipelineBuilder.SourceSpec spec : builder.sources) {
            var reader = new SourceReader(this, number, stages.get(spec.stage()), spec);
            sourceThreads.add(Thread.ofPlatform().name(name + "-source-" + number).daemon(true).unstarted(reader));
            number++;
        }
        for (Thread thread : sourceThreads) {
            thread.start();
        }
    }

    // ---- outcomes ----

    /**
     * The outcomes, read lazily, in the order items end; the stream ends once the pipeline's work is done.
     * May be taken once. Closing it before its end stops the pipeline (gracefully). If a source could not be
     * read to its end, the stream hands back every outcome and then throws {@link PipelineException} with
     * the source's error.
     *
     * @throws IllegalStateException if the stream was taken already
     */
    public Stream<PipelineOutcome<R>> outcomes() {
        if (!streamTaken.compareAndSet(false, true)) {
            throw new IllegalStateException("the outcomes of pipeline " + name + " were taken already");
        }
        Iterator<PipelineOutcome<R>> iterator = new Iterator<>() {
            private PipelineOutcome<R> next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (ended) {
                    return false;
                }
                try {
                    next = results.take();
                    return true;
                } catch (NoSuchElementException end) {
                    ended = true;
                    PipelineException failure = sourceFailure.get();
                    if (failure != null) {
                        throw failure;
                    }
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for an outcome of pipeline " + name, e);
                }
            }

            @Override
            public PipelineOutcome<R> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("pipeline " + name + " has no more outcomes");
                }
                PipelineOutcome<R> item = next;
                next = null;
                return item;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(() -> {
                    if (!isDone()) {
                        stop("pipeline " + name + ": its outcome stream was closed before the end");
                    }
                });
    }

    // ---- stopping ----

    /** Graceful stop of every stage: nothing new starts, running tasks finish, waiting items end NotRun. */
    public void stop() {
        stop("pipeline " + name + " stopped");
    }

    /**
     * Graceful stop for {@code reason}, which each stage's stop token and the not-run outcomes quote.
     *
     * @throws NullPointerException if {@code reason} is null
     */
    public void stop(String reason) {
        Objects.requireNonNull(reason, "reason");
        beginStop();
        for (StageRuntime stage : stages) {
            stage.pool.stop(reason);
        }
    }

    /** Immediate stop: a graceful stop that also interrupts running tasks (they end cancelled). */
    public void stopNow() {
        stopNow("pipeline " + name + " stopped immediately");
    }

    /**
     * Immediate stop for {@code reason}.
     *
     * @throws NullPointerException if {@code reason} is null
     */
    public void stopNow(String reason) {
        Objects.requireNonNull(reason, "reason");
        beginStop();
        for (StageRuntime stage : stages) {
            stage.pool.stop(reason); // every stage refuses new items before any running task is interrupted
        }
        for (StageRuntime stage : stages) {
            stage.pool.stopNow(reason);
        }
    }

    /**
     * Stops gracefully now and immediately if the pipeline has not terminated after {@code grace}. Returns
     * at once.
     *
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public void stop(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        stop();
        Thread.ofVirtual().name(name + "-grace").start(() -> {
            try {
                if (!awaitTermination(grace)) {
                    stopNow("pipeline " + name + " stopped immediately after a grace period of " + grace);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void beginStop() {
        if (stopping.compareAndSet(false, true)) {
            results.unbound(); // before any pool stops: NotRun outcomes never wait for a reader
            for (Thread thread : sourceThreads) {
                thread.interrupt(); // a source blocked reading (a WorkQueue's take) ends now
            }
        }
    }

    /** Whether a stop has begun. */
    public boolean isStopping() {
        return stopping.get();
    }

    /**
     * Whether the pipeline's work is done: every source exhausted or stopped and no item in flight. Its
     * stages may still be shutting down; see {@link #isTerminated()}.
     */
    public boolean isDone() {
        return done.getCount() == 0;
    }

    /** Whether the work is done and every stage's pool has terminated. */
    public boolean isTerminated() {
        if (!isDone()) {
            return false;
        }
        for (StageRuntime stage : stages) {
            if (!stage.pool.isTerminated()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until the work is done and every stage has terminated (no worker thread or child JVM left).
     * Outcomes must be read meanwhile (by another thread) unless the pipeline is stopping: output stages wait
     * for room in the outcome buffer.
     */
    public void awaitTermination() throws InterruptedException {
        done.await();
        for (StageRuntime stage : stages) {
            stage.pool.awaitTermination();
        }
    }

    /**
     * Waits at most {@code timeout} for {@link #awaitTermination()}.
     *
     * @return true if terminated in time
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        long end = System.nanoTime() + timeout.toNanos();
        if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        for (StageRuntime stage : stages) {
            if (!stage.pool.awaitTermination(Duration.ofNanos(Math.max(0, end - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Ends the pipeline and waits for it: if its work is not done, stops it gracefully (outcomes not yet
     * read are discarded), then waits until it has terminated. If interrupted, stops immediately, keeps
     * waiting, and restores the interrupt flag.
     */
    @Override
    public void close() {
        if (!isDone()) {
            stop("pipeline " + name + " closed before its work was done");
        }
        boolean interrupted = false;
        while (true) {
            try {
                awaitTermination();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                stopNow("pipeline " + name + " closed and interrupted");
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- state ----

    /** The pipeline's name. */
    public String name() {
        return name;
    }

    /**
     * Open sources plus items in flight now: the count whose zero ends the pipeline. For monitoring; it may
     * have changed by the time it is read.
     */
    public long inFlight() {
        return counter.get();
    }

    /** A snapshot of each stage, in the order they were added. */
    public List<StageSnapshot> stages() {
        List<StageSnapshot> snapshots = new ArrayList<>();
        for (StageRuntime stage : stages) {
            snapshots.add(stage.snapshot());
        }
        return List.copyOf(snapshots);
    }

    /**
     * The state of every stage in words, one line each, and which stage limits the throughput now:
     *
     * <pre>{@code
     * pipeline etl: 1,210 in flight, 0 outcomes unread
     *   download  virtual x100: queued 16/16, busy 100/100, done 2,304 (0 failed, 0 filtered), 1,890.2/s, p50 1 ms, p99 2 ms
     *   parse     platform x2:  queued 1/4, busy 2/2, done 2,290 (23 failed, 0 filtered), 1,880.0/s, p50 1 ms, p99 1 ms
     *   store     platform x1:  queued 0/16, busy 0/1, done 2,267 (0 failed, 0 filtered), 1,861.5/s, p50 0 ms, p99 0 ms
     * bottleneck: stage 'download' (all 100 workers busy and its buffer full, while the stages after it wait)
     * }</pre>
     *
     * A stage is the bottleneck when all its workers are busy and its buffer is full while no stage it
     * sends to (along connect edges) is (see {@link StageSnapshot#isSaturated()}); if the outcome buffer is full, the reader of the outcomes is. Rates
     * and percentiles appear when the pipeline {@linkplain PipelineBuilder#collectStats(boolean) collects
     * statistics}. A snapshot of a moment: stages change while it is read.
     */
    public String report() {
        return PipelineReport.text(name, counter.get(), results.size(), results.isFull(), stages());
    }

    /**
     * Prints {@link #report()} to {@code out} every {@code period} until the work is done, and once more then,
     * from a daemon thread of its own: a progress reporter switched on with one call.
     *
     * <pre>{@code
     * pipeline.reportEvery(Duration.ofSeconds(1), System.err::print);
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    public void reportEvery(Duration period, java.util.function.Consumer<String> out) {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(out, "out");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        Thread.ofPlatform().daemon(true).name(name + "-reporter").start(() -> {
            try {
                while (!done.await(period.toNanos(), TimeUnit.NANOSECONDS)) {
                    out.accept(report());
                }
                out.accept(report());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The pool running stage {@code name}, for its statistics and events. */
    public Pool stagePool(String name) {
        for (StageRuntime stage : stages) {
            if (stage.name.equals(name)) {
                return stage.pool;
            }
        }
        throw new IllegalArgumentException("pipeline " + this.name + " has no stage named '" + name + "'");
    }

    @Override
    public String toString() {
        return "Pipeline[" + name + ": " + (isDone() ? "done" : stopping.get() ? "stopping" : "running") + ", "
                + counter.get() + " in flight, " + results.size() + " outcomes unread, stages " + stages() + "]";
    }

    // ---- for the stages and sources ----

    /** Hands an outcome to the reader; the stages' outcomes are of type R by the builder's typing. */
    @SuppressWarnings("unchecked")
    void deliver(PipelineOutcome<?> outcome) {
        results.put((PipelineOutcome<R>) outcome);
    }

    boolean stopRequested() {
        return stopping.get();
    }

    /** An item failed or timed out at {@code stage}: with failFast, the pipeline stops. */
    void failed(String stage, Outcome<?> outcome) {
        if (failFast && !stopping.get()) {
            stop("pipeline " + name + " stopped: an item " + outcome.kind() + " at stage '" + stage + "'"
                    + (outcome instanceof Outcome.Failed<?> f ? ": " + f.error() : ""));
        }
    }

    void sourceFailed(int source, long read, Throwable error) {
        sourceFailure.compareAndSet(null, new PipelineException("pipeline " + name + ": source " + source
                + " failed after " + read + " items: " + error, error));
    }

    /** The count reached zero: the work is done. Runs once, on the thread of the last exit. */
    private void finish() {
        results.finish();
        for (StageRuntime stage : stages) {
            stage.pool.shutdown();
        }
        if (handleSignals) {
            ShutdownSignals.unregister(signalTarget);
        }
        done.countDown();
    }
}
