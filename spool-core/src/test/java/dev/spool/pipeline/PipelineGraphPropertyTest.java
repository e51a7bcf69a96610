package dev.spool.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.outcome.Outcome;
import dev.spool.pool.WorkerKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random graphs of up to six thread stages: lines, fan-out (broadcast and routed), fan-in, filters, fan-out
 * tasks, feedback edges (cycles, self-loops included), buffers from 1, random worker counts and kinds,
 * random failures, and sometimes a stop in the middle. For each: the pipeline terminates; no item is
 * processed twice at a stage; every item that entered a stage ends there exactly once (it emitted, was
 * filtered out, failed, or never ran); every value an output emitted is exactly one outcome.
 */
class PipelineGraphPropertyTest {

    /**
     * Items carry an id (unique per emission) and the number of stages they went through. MAP stages are
     * map stages (the pipeline routes their one result); FILTER and FAN_OUT stages emit.
     */
    record Item(long id, int hops) {}

    private static final int MAX_HOPS = 5;

    private enum Behaviour { MAP, FILTER, FAN_OUT }

    /** What the test's tasks record; the pipeline's own accounting is checked against it. */
    private static final class Ledger {
        final AtomicLong ids = new AtomicLong();
        /** (stage, item id) -> times processed. */
        final Map<String, Integer> processed = new ConcurrentHashMap<>();
        /** (stage, item id) -> the children it emitted. */
        final Map<String, List<Item>> children = new ConcurrentHashMap<>();
        final Set<String> failedOnPurpose = ConcurrentHashMap.newKeySet();
    }

    private record Graph(int stages, WorkerKind[] kinds, int[] workers, int[] buffers, Behaviour[] behaviours,
                         int[] failEvery, Map<Integer, List<int[]>> edges, Set<Integer> routed, Set<Integer> outputs,
                         int sourceStage) {

        @Override
        public String toString() {
            var out = new StringBuilder("graph of " + stages + " stages:");
            for (int s = 0; s < stages; s++) {
                out.append("\n  s").append(s).append(' ').append(kinds[s]).append(" x").append(workers[s])
                        .append(" buffer ").append(buffers[s]).append(' ').append(behaviours[s])
                        .append(failEvery[s] > 0 ? " fails every " + failEvery[s] : "")
                        .append(routed.contains(s) ? " routed" : "").append(outputs.contains(s) ? " output" : "")
                        .append(" ->");
                for (int[] edge : edges.getOrDefault(s, List.of())) {
                    out.append(" s").append(edge[0]).append(edge[1] == 1 ? "(feedback)" : "");
                }
            }
            return out.toString();
        }
    }

    private static Graph randomGraph(int stages, Random random) {
        var kinds = new WorkerKind[stages];
        var workers = new int[stages];
        var buffers = new int[stages];
        var behaviours = new Behaviour[stages];
        var failEvery = new int[stages];
        Map<Integer, List<int[]>> edges = new HashMap<>();
        for (int s = 0; s < stages; s++) {
            kinds[s] = random.nextBoolean() ? WorkerKind.PLATFORM : WorkerKind.VIRTUAL;
            workers[s] = 1 + random.nextInt(3);
            buffers[s] = 1 + (random.nextInt(3) == 0 ? random.nextInt(8) : 0);
            behaviours[s] = Behaviour.values()[random.nextInt(Behaviour.values().length)];
            failEvery[s] = random.nextInt(3) == 0 ? 3 + random.nextInt(10) : 0;
        }
        for (int to = 1; to < stages; to++) { // every stage is fed by an earlier one: fan-in when several
            int from = random.nextInt(to);
            edges.computeIfAbsent(from, k -> new ArrayList<>()).add(new int[] {to, 0});
            int extra = random.nextInt(to);
            if (extra != from && random.nextInt(3) == 0) {
                edges.computeIfAbsent(extra, k -> new ArrayList<>()).add(new int[] {to, 0});
            }
        }
        int feedbacks = random.nextInt(3);
        for (int f = 0; f < feedbacks; f++) { // back to an earlier stage or to itself
            int from = random.nextInt(stages);
            int to = random.nextInt(from + 1);
            List<int[]> out = edges.computeIfAbsent(from, k -> new ArrayList<>());
            if (out.stream().noneMatch(e -> e[0] == to)) {
                out.add(new int[] {to, 1});
            }
        }
        Set<Integer> routed = new HashSet<>();
        Set<Integer> outputs = new HashSet<>();
        for (int s = 0; s < stages; s++) {
            List<int[]> out = edges.getOrDefault(s, List.of());
            if (out.size() >= 2 && random.nextBoolean()) {
                routed.add(s);
            }
            if (out.isEmpty() || s == stages - 1 || random.nextInt(4) == 0) {
                outputs.add(s);
            }
        }
        return new Graph(stages, kinds, workers, buffers, behaviours, failEvery, edges, routed, outputs, 0);
    }

    private static String key(int stage, long id) {
        return "s" + stage + "#" + id;
    }

    /** The stages an item emitted by {@code from} goes to, as the pipeline must route it. */
    private static List<Integer> targets(Graph graph, int from, Item child) {
        List<int[]> out = graph.edges().getOrDefault(from, List.of());
        if (graph.routed().contains(from)) {
            return List.of(out.get((int) (child.id() % out.size()))[0]);
        }
        return out.stream().map(e -> e[0]).toList();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Pipeline<Item> build(Graph graph, Iterable<Item> sourceItems, int sourceSize, Ledger ledger) {
        PipelineBuilder<Item> b = Pipeline.<Item>builder("graph").handleSignals(false).outputBuffer(1 + sourceSize % 7);
        List<Stage<Item, Item>> stages = new ArrayList<>();
        for (int s = 0; s < graph.stages(); s++) {
            int me = s;
            EmittingTask<Item, Item> task = (item, out, context) -> {
                String key = key(me, item.id());
                ledger.processed.merge(key, 1, Integer::sum);
                if (graph.failEvery()[me] > 0 && item.id() % graph.failEvery()[me] == 0) {
                    ledger.failedOnPurpose.add(key);
                    throw new IllegalStateException("failing " + key + " on purpose");
                }
                int count = item.hops() >= MAX_HOPS ? 0 : switch (graph.behaviours()[me]) {
                    case MAP -> 1;
                    case FILTER -> item.id() % 3 == 0 ? 0 : 1;
                    case FAN_OUT -> item.hops() == 0 ? 3 : 1;
                };
                List<Item> emitted = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    emitted.add(new Item(ledger.ids.incrementAndGet(), item.hops() + 1));
                }
                ledger.children.put(key, emitted); // before emitting: the children may end at once
                for (Item child : emitted) {
                    out.emit(child);
                }
            };
            StageOptions options = StageOptions.of(graph.kinds()[s], graph.workers()[s]).buffer(graph.buffers()[s]);
            if (graph.behaviours()[s] == Behaviour.MAP) {
                // a map stage: its result is routed by the pipeline once the task has succeeded, not emitted
                stages.add(b.map("s" + s, options, (item, context) -> {
                    List<Item> one = new ArrayList<>(1);
                    task.run(item, one::add, context); // the same bookkeeping, at most one child
                    return one.isEmpty() ? null : one.getFirst();
                }));
            } else {
                stages.add(b.stage("s" + s, options, task));
            }
        }
        for (int s = 0; s < graph.stages(); s++) {
            for (int[] edge : graph.edges().getOrDefault(s, List.of())) {
                if (edge[1] == 1) {
                    b.feedback(stages.get(s), stages.get(edge[0]));
                } else {
                    b.connect(stages.get(s), stages.get(edge[0]));
                }
            }
            if (graph.routed().contains(s)) {
                List<int[]> out = graph.edges().get(s);
                b.route(stages.get(s), (Item child) -> (Stage) stages.get(out.get((int) (child.id() % out.size()))[0]));
            }
            if (graph.outputs().contains(s)) {
                b.output(stages.get(s));
            }
        }
        b.source(stages.get(graph.sourceStage()), sourceItems);
        return b.start();
    }

    @Property(tries = 60)
    void randomGraph_everyItemEndsExactlyOnce(@ForAll @IntRange(min = 1, max = 6) int stageCount,
                                              @ForAll @IntRange(min = 0, max = 40) int sourceSize,
                                              @ForAll @IntRange(min = -1, max = 30) int stopAfterOutcomes,
                                              @ForAll long seed) throws Exception {
        Graph graph = randomGraph(stageCount, new Random(seed));
        var ledger = new Ledger();
        ledger.ids.set(1_000_000);
        List<Item> sourceItems = LongStream.range(0, sourceSize).mapToObj(i -> new Item(i, 0)).toList();
        var read = new AtomicLong(); // a stop ends the reading of the source: only items read enter
        Iterable<Item> source = () -> sourceItems.stream().peek(i -> read.incrementAndGet()).iterator();
        Pipeline<Item> pipeline = build(graph, source, sourceSize, ledger);

        List<PipelineOutcome<Item>> outcomes = stopAfterOutcomes < 0 ? PipelineTest.readAll(pipeline)
                : readStoppingAfter(pipeline, stopAfterOutcomes);
        String context = graph + "\nsource items " + sourceSize + ", stop after " + stopAfterOutcomes + " outcomes";

        // nothing processed twice
        ledger.processed.forEach((key, times) -> assertThat(times).as("%s processed\n%s", key, context).isEqualTo(1));
        // which (stage, item) pairs must have entered, from what the sources and the tasks emitted
        Set<String> entered = new HashSet<>();
        for (Item item : sourceItems.subList(0, (int) read.get())) {
            entered.add(key(graph.sourceStage(), item.id()));
        }
        if (stopAfterOutcomes < 0) {
            assertThat(read.get()).as("no stop: the source is read to its end").isEqualTo(sourceSize);
        }
        Set<String> outputValues = new HashSet<>();
        ledger.children.forEach((parent, children) -> {
            int stage = Integer.parseInt(parent.substring(1, parent.indexOf('#')));
            for (Item child : children) {
                for (int target : targets(graph, stage, child)) {
                    assertThat(entered.add(key(target, child.id()))).as("%s entered once\n%s", key(target, child.id()), context).isTrue();
                }
                if (graph.outputs().contains(stage)) {
                    outputValues.add(key(stage, child.id()));
                }
            }
        });
        // every value an output emitted is one Succeeded outcome; every other outcome ends an entered item
        Set<String> succeeded = new HashSet<>();
        Set<String> unsuccessful = new HashSet<>();
        for (PipelineOutcome<Item> o : outcomes) {
            int stage = Integer.parseInt(o.stage().substring(1));
            if (o.outcome() instanceof Outcome.Succeeded<Item>(var info, Item value)) {
                assertThat(succeeded.add(key(stage, value.id()))).as("one outcome for %s\n%s", value, context).isTrue();
            } else {
                String key = key(stage, ((Item) o.input()).id());
                assertThat(unsuccessful.add(key)).as("one outcome for %s\n%s", key, context).isTrue();
                switch (o.outcome()) {
                    case Outcome.Failed<Item> f -> assertThat(ledger.failedOnPurpose).as(context).contains(key);
                    case Outcome.NotRun<Item> n -> assertThat(ledger.processed).as(context).doesNotContainKey(key);
                    default -> throw new AssertionError("unexpected " + o + "\n" + context);
                }
            }
        }
        assertThat(succeeded).as(context).isEqualTo(outputValues);
        // every entered pair ended exactly once: processed (then emitted, filtered or failed) or not run
        Set<String> ended = new HashSet<>(ledger.processed.keySet());
        for (String key : unsuccessful) {
            if (!ledger.failedOnPurpose.contains(key)) {
                assertThat(ended.add(key)).as("%s ended twice\n%s", key, context).isTrue();
            }
        }
        assertThat(ended).as(context).isEqualTo(entered);
        assertThat(ledger.failedOnPurpose).as(context).isSubsetOf(unsuccessful);
        if (stopAfterOutcomes < 0) {
            assertThat(unsuccessful).as("no stop: only the failures on purpose\n%s", context)
                    .isEqualTo(ledger.failedOnPurpose);
        }
        // the pipeline's own counts agree
        for (StageSnapshot stage : pipeline.stages()) {
            assertThat(stage.inStage()).as("%s\n%s", stage, context).isZero();
        }
        assertThat(pipeline.stages().stream().mapToLong(StageSnapshot::entered).sum()).as(context)
                .isEqualTo(entered.size());
        assertThat(pipeline.inFlight()).isZero();
    }

    /** Reads outcomes, stopping the pipeline (gracefully) after {@code n} of them, then reads the rest. */
    private static List<PipelineOutcome<Item>> readStoppingAfter(Pipeline<Item> pipeline, int n) throws Exception {
        Thread stopper = Thread.ofPlatform().name("stopper").unstarted(pipeline::stop);
        List<PipelineOutcome<Item>> outcomes = PipelineTest.readAll(pipeline, seen -> {
            if (seen == n) {
                stopper.start();
            }
        });
        if (stopper.isAlive() || stopper.getState() != Thread.State.NEW) {
            stopper.join();
        }
        return outcomes;
    }
}
