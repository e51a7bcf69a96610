package dev.spool.pipeline;

import dev.spool.outcome.Outcome;
import dev.spool.pool.Pool;
import dev.spool.pool.PoolBuilder;
import dev.spool.pool.PoolClosedException;
import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import dev.spool.pool.WorkerKind;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * One running stage: its pool, where its emissions go, and what happens when one of its items ends.
 */
final class StageRuntime {

    /*
     * Implementation notes.
     *
     * Each item handed to the stage is entered in the pipeline's InFlightCounter first, then submitted to
     * the stage's pool with a completion callback (Pool.submit(task, input, whenDone); along a feedback
     * edge Pool.submitPastBound, which never waits). The callback, run once whatever the outcome, ends the
     * item here and exits it from the counter last, after anything it emitted was entered. A map stage's
     * result is one item in, one out: its last copy sent on takes over the item's unit instead (it is not
     * entered and the item not exited; the last, so that the count cannot touch zero while copies remain), which keeps the count exact and saves two atomic operations on
     * the counter, which every worker of every stage shares, per item and stage.
     *
     * Emitting stages (thread kinds) run EmittingStageTask: the user's task with an Emitter that routes
     * each item on at once, on the worker's thread (so a full buffer downstream holds the worker:
     * backpressure), and that returns how many it emitted. Map stages run the user's Task (in the child,
     * for PROCESS); its result is routed in the callback, on the pool's loop thread, which likewise waits
     * for room downstream, and only if the outcome is Succeeded: a map's item either goes on or ends in an
     * outcome, never both (an attempt that returned after an immediate stop's interrupt is Cancelled, and
     * its value is not sent on).
     *
     * Routing an item: to the router's pick, or to every edge (broadcast), and to the outcomes if the
     * stage is an output. Each copy is entered separately, just before its submit.
     *
     * Lineage: every item carries its source number and index (Item for thread stages; the callback's
     * captured variables for PROCESS stages, whose tasks see only the bare value).
     */

    /** An item on its way into an emitting stage: the value and its lineage. */
    record Item(Object value, int source, long index) {}

    /** A target of this stage's emissions. */
    record Target(StageRuntime stage, boolean feedback) {}

    final String name;
    final Pool pool;
    private final int buffer;
    private final boolean collectStats;
    private final Pipeline<?> pipeline;
    /** Whether the stage's task emits (an EmittingTask); else it maps (a Task). */
    private final boolean emitting;
    /** A map stage's task as the pool runs it: the user's, or for threads one that hides the pool. */
    private final Task<Object, Object> mapping;
    private final Task<Item, Integer> emittingTask;
    private final boolean output;
    private final Function<Object, Stage<?, ?>> router;
    /** Set once, by the pipeline, before any item flows. */
    private List<Target> targets = List.of();
    private List<Stage<?, ?>> targetStages = List.of();

    final LongAdder entered = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder emitted = new LongAdder();

    @SuppressWarnings("unchecked")
    StageRuntime(Pipeline<?> pipeline, Stage<?, ?> stage, boolean output, Function<Object, Stage<?, ?>> router,
                 boolean collectStats) {
        this.pipeline = pipeline;
        this.name = stage.name;
        this.output = output;
        this.router = router;
        StageOptions options = stage.options;
        this.emitting = stage.emitting != null;
        Task<Object, Object> userMap = (Task<Object, Object>) stage.mapping;
        this.mapping = emitting ? null
                : options.kind() == WorkerKind.PROCESS ? userMap : new PoolHidingTask(userMap);
        this.emittingTask = emitting ? new EmittingStageTask(this, (EmittingTask<Object, Object>) stage.emitting) : null;
        PoolBuilder builder = dev.spool.pool.Pool.builder();
        options.poolSettings().accept(builder);
        builder.name(pipeline.name() + "-" + stage.name).kind(options.kind()).workers(options.workers())
                .queueCapacity(options.buffer()).handleSignals(false);
        if (collectStats) {
            builder.collectStats(true);
        }
        this.buffer = options.buffer();
        this.collectStats = collectStats;
        this.pool = builder.build();
        try {
            pool.requireRunnable(emitting ? emittingTask : mapping);
        } catch (IllegalArgumentException e) {
            pool.stopNow("pipeline " + pipeline.name() + " could not start");
            throw new IllegalArgumentException("stage '" + name + "' of pipeline " + pipeline.name() + ": "
                    + e.getMessage(), e);
        }
    }

    void wire(List<Target> targets, List<Stage<?, ?>> targetStages) {
        this.targets = List.copyOf(targets);
        this.targetStages = List.copyOf(targetStages);
    }

    // ---- items in ----

    /**
     * Hands {@code value} to this stage: entered, then submitted. Returns once it is in the buffer or has
     * ended (refused by a stopped stage: NotRun, through the callback).
     *
     * @throws InterruptedException if interrupted while waiting for room; the item has ended NotRun
     */
    void accept(Object value, int source, long index, boolean feedback) throws InterruptedException {
        accept(value, source, index, feedback, false);
    }

    /**
     * As {@link #accept(Object, int, long, boolean)}; with {@code carriesUnit} the item comes with a unit of
     * the count already (its parent's, handed over), so it is not entered again.
     */
    private void accept(Object value, int source, long index, boolean feedback, boolean carriesUnit)
            throws InterruptedException {
        if (!carriesUnit) {
            pipeline.counter.enter();
        }
        try {
            if (emitting) {
                Item item = new Item(value, source, index);
                if (feedback) {
                    pool.submitPastBound(emittingTask, item, outcome -> ended(value, source, index, outcome));
                } else {
                    pool.submit(emittingTask, item, outcome -> ended(value, source, index, outcome));
                }
            } else if (feedback) {
                pool.submitPastBound(mapping, value, outcome -> ended(value, source, index, outcome));
            } else {
                pool.submit(mapping, value, outcome -> ended(value, source, index, outcome));
            }
        } catch (PoolClosedException refused) {
            // the stage is stopping: the callback has ended the item NotRun
        } catch (RuntimeException refused) {
            // Refused before a task existed (start() checked the task, so this is not expected): no callback
            // will come, so end the item here, Failed, rather than leave its unit in the count for ever.
            Instant now = Instant.now();
            endUnsuccessfully(value, source, index, new Outcome.Failed<>(
                    new Outcome.TaskInfo(0, 0, "", now, null, now), refused));
            pipeline.counter.exit();
        } finally {
            entered.increment(); // once in the buffer (or ended): an item waiting for room is its sender's
        }
    }

    // ---- items out ----

    /**
     * Sends an item this stage produced on: to the router's pick or every target, and to the outcomes if
     * this is an output. {@code info} builds the outcome's metadata, for an output.
     */
    void emit(Object value, int source, long index, Object input, Outcome.TaskInfo info) throws InterruptedException {
        send(value, source, index, input, info, false);
    }

    /**
     * As {@link #emit}; with {@code handOver} the last copy sent takes over the unit of the item that
     * produced it (a map stage's result: one item in, one out, no count to change).
     *
     * @return whether the unit was handed over (to the last copy sent); if so the sender must not exit it
     * @throws InterruptedException if interrupted while waiting for room before the unit was handed over:
     *     the copy being sent ended NotRun, the copies after it were not sent
     */
    private boolean send(Object value, int source, long index, Object input, Outcome.TaskInfo info,
                         boolean handOver) throws InterruptedException {
        emitted.increment();
        if (output) {
            pipeline.deliver(new PipelineOutcome<>(new Outcome.Succeeded<>(info, value), name, source, index, input));
        }
        if (router != null) {
            Stage<?, ?> pick = router.apply(value);
            int at = targetStages.indexOf(pick);
            if (at < 0) {
                throw new IllegalStateException("the router of stage '" + name + "' picked " + pick
                        + " for " + value + ", which is not one of its targets " + targetStages);
            }
            return sendOne(targets.get(at), value, source, index, handOver);
        }
        int last = targets.size() - 1;
        for (int i = 0; i < last; i++) {
            sendOne(targets.get(i), value, source, index, false);
        }
        return last >= 0 && sendOne(targets.get(last), value, source, index, handOver);
    }

    /**
     * Sends one copy; with {@code handOver} it takes over the sender's unit and is the last copy sent (an
     * earlier one could end, its unit with it, while copies remain to be sent: the count would touch zero).
     *
     * @return {@code handOver}
     * @throws InterruptedException only without {@code handOver}: with it, the interrupt is kept for later
     *     (the copy ended NotRun, its unit with it)
     */
    private boolean sendOne(Target target, Object value, int source, long index, boolean handOver)
            throws InterruptedException {
        if (!handOver) {
            target.stage().accept(value, source, index, target.feedback(), false);
            return false;
        }
        try {
            target.stage().accept(value, source, index, target.feedback(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    // ---- items ending ----

    /** The completion callback of every item of this stage: runs once, then exits the item. */
    private void ended(Object input, int source, long index, Outcome<?> outcome) {
        boolean handedOver = false;
        try {
            if (outcome instanceof Outcome.Succeeded<?>(Outcome.TaskInfo info, Object value)) {
                if (emitting) {
                    if ((Integer) value == 0) {
                        dropped.increment();
                    }
                } else if (value == null) {
                    dropped.increment();
                } else {
                    int routed = routeResult(input, source, index, info, value);
                    if (routed == ROUTE_FAILED) {
                        return; // ended Failed here instead
                    }
                    handedOver = routed == ROUTED_WITH_UNIT;
                }
                succeeded.increment(); // after routing: a worker waiting for room downstream counts as busy
            } else {
                endUnsuccessfully(input, source, index, outcome);
            }
        } finally {
            if (!handedOver) {
                pipeline.counter.exit(); // last: what it emitted has been entered
            }
        }
    }

    private static final int ROUTED = 0;
    private static final int ROUTED_WITH_UNIT = 1;
    private static final int ROUTE_FAILED = 2;

    /**
     * A map stage's result, routed on the loop thread; the last copy sent takes over the item's unit.
     *
     * @return ROUTED_WITH_UNIT if a copy took over the item's unit; ROUTED if none did (an output with no
     *     targets); ROUTE_FAILED if routing failed (a router's bad pick) and the item ended Failed here
     */
    private int routeResult(Object input, int source, long index, Outcome.TaskInfo info, Object value) {
        try {
            return send(value, source, index, input, info, true) ? ROUTED_WITH_UNIT : ROUTED;
        } catch (InterruptedException e) {
            // The copy being sent ended NotRun at its stage, before the last one took over the unit.
            Thread.currentThread().interrupt();
            return ROUTED;
        } catch (RuntimeException e) {
            endUnsuccessfully(input, source, index, new Outcome.Failed<>(info, e));
            return ROUTE_FAILED;
        }
    }

    void endUnsuccessfully(Object input, int source, long index, Outcome<?> outcome) {
        failed.increment();
        pipeline.deliver(new PipelineOutcome<>(retype(outcome), name, source, index, input));
        if (outcome instanceof Outcome.Failed<?> || outcome instanceof Outcome.TimedOut<?>) {
            pipeline.failed(name, outcome);
        }
    }

    /** An outcome without a value, as an outcome of the pipeline's type. */
    private static <R> Outcome<R> retype(Outcome<?> outcome) {
        return switch (outcome) {
            case Outcome.Failed<?> f -> new Outcome.Failed<>(f.info(), f.error());
            case Outcome.TimedOut<?> t -> new Outcome.TimedOut<>(t.info(), t.timeout());
            case Outcome.Cancelled<?> c -> new Outcome.Cancelled<>(c.info(), c.reason());
            case Outcome.NotRun<?> n -> new Outcome.NotRun<>(n.info(), n.reason());
            case Outcome.Succeeded<?> s -> throw new IllegalArgumentException("not an unsuccessful outcome: " + s);
        };
    }

    /** This stage now. */
    StageSnapshot snapshot() {
        // Read the ends before the entries, so that an item entering meanwhile cannot make busy negative.
        long succeededNow = succeeded.sum();
        long failedNow = failed.sum();
        int queuedNow = pool.queued();
        long enteredNow = entered.sum();
        long busy = Math.max(0, enteredNow - succeededNow - failedNow - queuedNow);
        return new StageSnapshot(name, pool.kind(), pool.workers(), buffer, queuedNow, busy, enteredNow,
                succeededNow, failedNow, dropped.sum(), emitted.sum(),
                targets.stream().filter(t -> !t.feedback()).map(t -> t.stage().name).toList(),
                collectStats ? java.util.Optional.of(pool.stats()) : java.util.Optional.empty());
    }

    /**
     * A thread map stage's task: the user's, with a context that has no pool, so that work goes on through
     * the pipeline (which counts it), not straight into the stage's pool.
     */
    private record PoolHidingTask(Task<Object, Object> user) implements Task<Object, Object> {
        @Override
        public Object run(Object input, TaskContext context) throws Exception {
            return user.run(input, new TaskContext(context.seq(), context.attempt(), context.worker(),
                    context.stopToken()));
        }
    }

    /**
     * The task an emitting stage's pool runs: the user's task with an emitter bound to the item's lineage.
     * Returns how many items it emitted (0: the item was filtered out).
     */
    private record EmittingStageTask(StageRuntime stage, EmittingTask<Object, Object> user) implements Task<Item, Integer> {
        @Override
        public Integer run(Item item, TaskContext context) throws Exception {
            Instant started = Instant.now();
            // No pool in the user's context: work must go through the emitter, so that the pipeline counts it.
            TaskContext own = new TaskContext(context.seq(), context.attempt(), context.worker(), context.stopToken());
            int[] count = {0};
            user.run(item.value(), value -> {
                if (value == null) {
                    throw new NullPointerException("stage '" + stage.name + "' emitted a null item");
                }
                Outcome.TaskInfo info = stage.output ? new Outcome.TaskInfo(context.seq(), context.attempt(),
                        context.worker(), started, started, Instant.now()) : null;
                stage.emit(value, item.source(), item.index(), item.value(), info);
                count[0]++;
            }, own);
            return count[0];
        }
    }
}
