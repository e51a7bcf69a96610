package dev.spool.pipeline;

import dev.spool.pool.Task;
import dev.spool.pool.WorkerKind;
import dev.spool.queue.WorkQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Wires a {@link Pipeline}: stages, the edges between them, its sources and outputs. Not thread-safe; build
 * on one thread, then {@link #start()}. Every method validates its arguments and names the bad value.
 *
 * <h2>Edges</h2>
 * <ul>
 *   <li>{@link #connect connect(a, b)}: what {@code a} emits goes to {@code b}. A stage with several edges
 *       fans out: each item goes to every target (broadcast), unless a {@link #route router} picks one.
 *       Several stages connected to one fan in.
 *   <li>{@link #feedback feedback(a, b)}: the same, for an edge that closes a cycle (back to an earlier
 *       stage, or to {@code a} itself). Connect edges must not form a cycle; every cycle needs a feedback
 *       edge, which {@link #start()} checks.
 * </ul>
 *
 * <h2>The cycle policy: feedback edges never wait</h2>
 * Sending along a connect edge waits while the target's buffer is full: backpressure. Sending along a
 * feedback edge never waits: an item that finds the buffer full goes past its bound. So a cycle cannot
 * deadlock, however small its buffers: a worker only ever waits for a stage later in the (acyclic) order of
 * connect edges, or for the reader of the outcomes, and the last stages wait for nobody but that reader.
 * The price: the items a cycle feeds back are bounded by the work it generates (a crawler: the links it
 * finds), not by the buffer.
 *
 * @param <R> the type of the values the pipeline's outputs emit
 */
public final class PipelineBuilder<R> {

    final String name;
    final List<Stage<?, ?>> stages = new ArrayList<>();
    /** Edges by the id of their stage of origin, in the order added. */
    final Map<Integer, List<Edge>> edges = new HashMap<>();
    final Map<Integer, Function<Object, Stage<?, ?>>> routers = new HashMap<>();
    final Set<Integer> outputs = new LinkedHashSet<>();
    final List<SourceSpec> sources = new ArrayList<>();
    boolean failFast;
    int outputBuffer = 1024;
    boolean handleSignals = true;
    boolean collectStats;
    private boolean started;

    /** An edge: from a stage to {@code to}; {@code feedback} edges never wait for room. */
    record Edge(int to, boolean feedback) {}

    /**
     * A source: items for stage {@code stage}, read lazily from {@code items} (or a stream, whose iterator
     * is taken on the reading thread, and which is closed at the end), or taken from a work queue.
     */
    record SourceSpec(int stage, Iterable<?> items, Stream<?> stream, WorkQueue<?> queue) {}

    PipelineBuilder(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("pipeline name must not be blank, was '" + name + "'");
        }
        this.name = name;
    }

    // ---- stages ----

    /**
     * Adds a stage whose task emits any number of items per input (see {@link EmittingTask}). Thread kinds
     * only: a child JVM cannot reach the emitter; use {@link #map} for {@code PROCESS}.
     *
     * @throws IllegalArgumentException if the name is blank or taken, or the kind is {@code PROCESS}
     */
    public <I, O> Stage<I, O> stage(String name, StageOptions options, EmittingTask<I, O> task) {
        Objects.requireNonNull(task, "task");
        requireMutable();
        Objects.requireNonNull(options, "options");
        if (options.kind() == WorkerKind.PROCESS) {
            throw new IllegalArgumentException("stage '" + name + "' runs on PROCESS workers, whose tasks run in a"
                    + " child JVM and cannot emit: use map(name, options, task) with a named Task class");
        }
        return add(name, options, task, null);
    }

    /**
     * Adds a stage that maps each input to one item: the task's result, sent on once the task has
     * succeeded; a null result sends nothing (the task filters). An item of a map stage either goes on or
     * ends in an outcome, never both. Any kind of workers: for {@code PROCESS} the task must be a named class
     * (see {@link Task}).
     *
     * @throws IllegalArgumentException if the name is blank or taken
     */
    public <I, O> Stage<I, O> map(String name, StageOptions options, Task<I, O> task) {
        Objects.requireNonNull(task, "task");
        requireMutable();
        Objects.requireNonNull(options, "options");
        return add(name, options, null, task);
    }

    /**
     * Adds a stage that sends on the items {@code keep} accepts and drops the others. Thread kinds only.
     *
     * @throws IllegalArgumentException if the name is blank or taken, or the kind is {@code PROCESS}
     */
    public <T> Stage<T, T> filter(String name, StageOptions options, Predicate<? super T> keep) {
        Objects.requireNonNull(keep, "keep");
        return stage(name, options, (item, out, context) -> {
            if (keep.test(item)) {
                out.emit(item);
            }
        });
    }

    private <I, O> Stage<I, O> add(String name, StageOptions options, EmittingTask<I, O> emitting,
                                   Task<I, O> mapping) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("stage name must not be blank, was '" + name + "'");
        }
        for (Stage<?, ?> stage : stages) {
            if (stage.name.equals(name)) {
                throw new IllegalArgumentException("pipeline " + this.name + " has a stage named '" + name
                        + "' already");
            }
        }
        Stage<I, O> stage = new Stage<>(this, stages.size(), name, options, emitting, mapping);
        stages.add(stage);
        return stage;
    }

    // ---- edges ----

    /**
     * Sends what {@code from} emits to {@code to}, waiting while {@code to}'s buffer is full.
     *
     * @throws IllegalArgumentException if a stage is not of this builder, or the edge exists already
     */
    public <T> PipelineBuilder<R> connect(Stage<?, ? extends T> from, Stage<? super T, ?> to) {
        return edge(from, to, false);
    }

    /**
     * Sends what {@code from} emits back to {@code to}, an earlier stage or {@code from} itself, closing a
     * cycle; the send never waits (see the cycle policy above).
     *
     * @throws IllegalArgumentException if a stage is not of this builder, or the edge exists already
     */
    public <T> PipelineBuilder<R> feedback(Stage<?, ? extends T> from, Stage<? super T, ?> to) {
        return edge(from, to, true);
    }

    private PipelineBuilder<R> edge(Stage<?, ?> from, Stage<?, ?> to, boolean feedback) {
        requireMutable();
        requireOwn(from, "from");
        requireOwn(to, "to");
        List<Edge> out = edges.computeIfAbsent(from.id, k -> new ArrayList<>());
        for (Edge edge : out) {
            if (edge.to() == to.id) {
                throw new IllegalArgumentException("pipeline " + name + " has an edge from " + from + " to " + to
                        + " already");
            }
        }
        out.add(new Edge(to.id, feedback));
        return this;
    }

    /**
     * Sends each item {@code from} emits to the one stage {@code router} picks, instead of to all of its
     * targets; the pick must be one of them (added with {@link #connect} or {@link #feedback}), or the item
     * ends {@code Failed} at {@code from} with an {@link IllegalStateException} naming it.
     *
     * <pre>{@code
     * builder.connect(parse, small).connect(parse, large)
     *        .route(parse, doc -> doc.size() < 1_000 ? small : large);
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code from} is not of this builder or has a router already
     */
    @SuppressWarnings("unchecked")
    public <T> PipelineBuilder<R> route(Stage<?, T> from, Function<? super T, ? extends Stage<? super T, ?>> router) {
        requireMutable();
        requireOwn(from, "from");
        Objects.requireNonNull(router, "router");
        if (routers.containsKey(from.id)) {
            throw new IllegalArgumentException(from + " has a router already");
        }
        routers.put(from.id, item -> router.apply((T) item));
        return this;
    }

    /**
     * Makes what {@code stage} emits outcomes of the pipeline, as well as going along its edges (if any).
     *
     * @throws IllegalArgumentException if {@code stage} is not of this builder
     */
    public PipelineBuilder<R> output(Stage<?, ? extends R> stage) {
        requireMutable();
        requireOwn(stage, "output");
        outputs.add(stage.id);
        return this;
    }

    // ---- sources ----

    /**
     * Adds a source: {@code items}, read lazily (only as {@code first}'s buffer has room) on a thread of
     * the pipeline's own, each sent to {@code first}. Item {@code n} of it is {@linkplain
     * PipelineOutcome#index() index} n of the outcomes descending from it.
     *
     * @throws IllegalArgumentException if {@code first} is not of this builder
     */
    public <T> PipelineBuilder<R> source(Stage<? super T, ?> first, Iterable<? extends T> items) {
        Objects.requireNonNull(items, "items");
        return addSource(first, new SourceSpec(first.id, items, null, null));
    }

    /** Adds a source read lazily from {@code items}, which is closed once read to its end or stopped. */
    public <T> PipelineBuilder<R> source(Stage<? super T, ?> first, Stream<? extends T> items) {
        Objects.requireNonNull(items, "items");
        return addSource(first, new SourceSpec(first.id, null, items, null));
    }

    /**
     * Adds a source that takes items from {@code queue} until it is closed and drained, calling {@link
     * WorkQueue#taskDone()} for each once it has entered {@code first}'s buffer (or ended there, refused).
     */
    public <T> PipelineBuilder<R> source(Stage<? super T, ?> first, WorkQueue<? extends T> queue) {
        Objects.requireNonNull(queue, "queue");
        return addSource(first, new SourceSpec(first.id, null, null, queue));
    }

    private PipelineBuilder<R> addSource(Stage<?, ?> first, SourceSpec source) {
        requireMutable();
        requireOwn(first, "first");
        sources.add(source);
        return this;
    }

    // ---- options ----

    /**
     * Whether the first item that fails or times out at any stage stops the whole pipeline, gracefully
     * (like an error group); default false: a failure ends its item and the pipeline goes on.
     */
    public PipelineBuilder<R> failFast(boolean failFast) {
        requireMutable();
        this.failFast = failFast;
        return this;
    }

    /**
     * The most outcomes waiting for the reader; output stages wait while it is full. Default 1024. The
     * reader takes every waiting outcome at once, so up to twice as many can be held: those waiting and
     * those of the batch it is reading.
     *
     * @throws IllegalArgumentException if not positive
     */
    public PipelineBuilder<R> outputBuffer(int capacity) {
        requireMutable();
        if (capacity <= 0) {
            throw new IllegalArgumentException("outputBuffer must be positive, was " + capacity);
        }
        this.outputBuffer = capacity;
        return this;
    }

    /**
     * Whether each stage's pool keeps live statistics (rate, latency percentiles), shown by {@link
     * Pipeline#report()} and {@link Pipeline#stages()}; default false, since it costs a few event objects per
     * item per stage.
     */
    public PipelineBuilder<R> collectStats(boolean collectStats) {
        requireMutable();
        this.collectStats = collectStats;
        return this;
    }

    /** Whether SIGINT/SIGTERM/SIGHUP stop the pipeline (see {@link dev.spool.stop.ShutdownSignals}); default true. */
    public PipelineBuilder<R> handleSignals(boolean handleSignals) {
        requireMutable();
        this.handleSignals = handleSignals;
        return this;
    }

    /**
     * Checks the wiring, starts every stage's pool and the sources' readers, and returns the running
     * pipeline. Read its {@link Pipeline#outcomes() outcomes}.
     *
     * @throws IllegalStateException if there is no source or no output, a stage neither sends anywhere nor
     *     is an output, a stage receives nothing, or connect edges form a cycle (the message names it)
     * @throws dev.spool.pool.WorkerStartException if a stage's workers cannot start (the pools started
     *     before it are stopped)
     */
    public Pipeline<R> start() {
        requireMutable();
        validate();
        started = true;
        return new Pipeline<>(this);
    }

    private void validate() {
        if (sources.isEmpty()) {
            throw new IllegalStateException("pipeline " + name + " has no source: add one with source(...)");
        }
        if (outputs.isEmpty()) {
            throw new IllegalStateException("pipeline " + name + " has no output: mark a stage with output(...)");
        }
        Set<Integer> fed = new java.util.HashSet<>();
        for (SourceSpec source : sources) {
            fed.add(source.stage());
        }
        for (List<Edge> out : edges.values()) {
            for (Edge edge : out) {
                fed.add(edge.to());
            }
        }
        for (Stage<?, ?> stage : stages) {
            if (!fed.contains(stage.id)) {
                throw new IllegalStateException(stage + " of pipeline " + name + " receives nothing: connect a"
                        + " stage or a source to it");
            }
            if (edges.getOrDefault(stage.id, List.of()).isEmpty() && !outputs.contains(stage.id)) {
                throw new IllegalStateException(stage + " of pipeline " + name + " sends nowhere and is not an"
                        + " output: what it emits would be lost");
            }
        }
        List<String> cycle = connectCycle();
        if (cycle != null) {
            throw new IllegalStateException("pipeline " + name + ": connect edges form a cycle "
                    + String.join(" -> ", cycle) + "; make one of its edges a feedback(...) edge, which never"
                    + " waits, so that the cycle cannot deadlock");
        }
    }

    /** A cycle of connect (non-feedback) edges, as stage names, or null if they form none. */
    private List<String> connectCycle() {
        int[] state = new int[stages.size()]; // 0 unvisited, 1 on the path, 2 done
        List<Integer> path = new ArrayList<>();
        for (Stage<?, ?> stage : stages) {
            List<String> cycle = visit(stage.id, state, path);
            if (cycle != null) {
                return cycle;
            }
        }
        return null;
    }

    private List<String> visit(int id, int[] state, List<Integer> path) {
        if (state[id] == 2) {
            return null;
        }
        if (state[id] == 1) {
            List<String> cycle = new ArrayList<>();
            for (int i = path.indexOf(id); i < path.size(); i++) {
                cycle.add(stages.get(path.get(i)).name);
            }
            cycle.add(stages.get(id).name);
            return cycle;
        }
        state[id] = 1;
        path.add(id);
        for (Edge edge : edges.getOrDefault(id, List.of())) {
            if (!edge.feedback()) {
                List<String> cycle = visit(edge.to(), state, path);
                if (cycle != null) {
                    return cycle;
                }
            }
        }
        path.removeLast();
        state[id] = 2;
        return null;
    }

    private void requireOwn(Stage<?, ?> stage, String what) {
        Objects.requireNonNull(stage, what);
        if (stage.owner != this) {
            throw new IllegalArgumentException(what + ": " + stage + " belongs to another pipeline builder");
        }
    }

    private void requireMutable() {
        if (started) {
            throw new IllegalStateException("pipeline " + name + " has started: its builder cannot change");
        }
    }
}
