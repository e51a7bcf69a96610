package dev.spool.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.outcome.Outcome;
import dev.spool.pool.WorkerKind;
import dev.spool.queue.WorkQueue;
import dev.spool.testing.TestTimeouts;
import dev.spool.testing.ThreadDumps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The pipeline API on thread stages: shapes, outcomes, cycles, stops, and wiring errors. */
class PipelineTest {

    /** Reads every outcome within the long timeout, failing with a thread dump on a hang. */
    static <R> List<PipelineOutcome<R>> readAll(Pipeline<R> pipeline) throws Exception {
        return readAll(pipeline, seen -> {});
    }

    /** {@link #readAll(Pipeline)}, telling {@code onEach} how many outcomes were read, after each. */
    static <R> List<PipelineOutcome<R>> readAll(Pipeline<R> pipeline, java.util.function.IntConsumer onEach)
            throws Exception {
        var outcomes = java.util.Collections.synchronizedList(new ArrayList<PipelineOutcome<R>>());
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread reader = Thread.ofPlatform().name("outcome-reader").start(() -> {
            try (var stream = pipeline.outcomes()) {
                stream.forEach(o -> {
                    outcomes.add(o);
                    onEach.accept(outcomes.size());
                });
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.join(TestTimeouts.LONG);
        if (reader.isAlive()) {
            pipeline.stopNow();
            throw new AssertionError("pipeline not done after " + TestTimeouts.LONG + ": " + pipeline + "\n"
                    + ThreadDumps.all());
        }
        if (failure.get() != null) {
            throw new AssertionError("reading the outcomes failed", failure.get());
        }
        if (!pipeline.awaitTermination(TestTimeouts.LONG)) {
            throw new AssertionError("stages not terminated: " + pipeline + "\n" + ThreadDumps.all());
        }
        return List.copyOf(outcomes);
    }

    @Test
    void line_mapFilterFanOut_exactValuesAndIndexes() throws Exception {
        PipelineBuilder<Long> b = Pipeline.<Long>builder("line").handleSignals(false);
        Stage<Integer, Long> square = b.map("square", StageOptions.platform(2).buffer(1), (i, c) -> (long) i * i);
        Stage<Long, Long> even = b.filter("even", StageOptions.virtual(3).buffer(1), x -> x % 2 == 0);
        Stage<Long, Long> twice = b.stage("twice", StageOptions.platform(2).buffer(1), (x, out, c) -> {
            out.emit(x);
            out.emit(x + 1);
        });
        b.source(square, IntStream.range(0, 1000).boxed().toList()).connect(square, even).connect(even, twice)
                .output(twice);

        Pipeline<Long> pipeline = b.start();
        List<PipelineOutcome<Long>> outcomes = readAll(pipeline);

        long expected = LongStream.range(0, 1000).filter(i -> i % 2 == 0).map(i -> 2 * i * i + 1).sum();
        assertThat(outcomes).allMatch(PipelineOutcome::isSuccess).hasSize(1000);
        assertThat(outcomes.stream().mapToLong(o -> o.outcome().valueOrThrow()).sum()).isEqualTo(expected);
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.stage()).isEqualTo("twice");
            assertThat(o.input()).isEqualTo(o.index() * o.index());
        });
        var stages = pipeline.stages();
        assertThat(stages.get(1).dropped()).isEqualTo(500);
        assertThat(stages.get(2).emitted()).isEqualTo(1000);
        assertThat(pipeline.inFlight()).isZero();
        assertThat(pipeline.isTerminated()).isTrue();
    }

    /**
     * A map stage's result broadcast to a stage that drops it at once and to one that keeps it: the pipeline
     * must not end between the two copies (a map's result takes over its item's unit of the count, and only
     * the last copy may take it over, or the first copy's end would bring the count to zero too early).
     */
    @Test
    void broadcastOfAMapsResult_firstCopyEndsAtOnce_pipelineStillEndsAfterTheLast() throws Exception {
        for (int round = 0; round < 300; round++) {
            PipelineBuilder<Integer> b = Pipeline.<Integer>builder("copies").handleSignals(false);
            Stage<Integer, Integer> one = b.map("one", StageOptions.platform(1).buffer(1), (i, c) -> i);
            Stage<Integer, Integer> drop = b.filter("drop", StageOptions.platform(2).buffer(4), i -> false);
            Stage<Integer, Integer> keep = b.map("keep", StageOptions.platform(1).buffer(1), (i, c) -> i + 1);
            b.source(one, List.of(1, 2)).connect(one, drop).connect(one, keep).output(drop).output(keep);

            Pipeline<Integer> pipeline = b.start();
            List<PipelineOutcome<Integer>> outcomes = readAll(pipeline);

            assertThat(outcomes).as("round " + round).allMatch(PipelineOutcome::isSuccess)
                    .extracting(o -> o.outcome().valueOrThrow()).containsExactlyInAnyOrder(2, 3);
            assertThat(pipeline.stages().get(1).dropped()).isEqualTo(2);
        }
    }

    /** An in-memory web: page n links to 3n+1, 3n+2, n/2 and n+7, modulo its size. */
    static List<Integer> links(int page, int size) {
        return List.of((3 * page + 1) % size, (3 * page + 2) % size, page / 2, (page + 7) % size);
    }

    @Test
    void cycle_crawlerWithEveryBufferOfOne_visitsEveryPageOnceAndEnds() throws Exception {
        for (int round = 0; round < 20; round++) {
            int size = 2_000;
            Set<Integer> seen = ConcurrentHashMap.newKeySet();
            Map<Integer, Integer> fetched = new ConcurrentHashMap<>();
            PipelineBuilder<Integer> b = Pipeline.<Integer>builder("crawl").handleSignals(false);
            Stage<Integer, Integer> fetch = b.map("fetch", StageOptions.virtual(4).buffer(1), (page, c) -> {
                fetched.merge(page, 1, Integer::sum);
                return page;
            });
            Stage<Integer, Integer> parse = b.stage("parse", StageOptions.platform(2).buffer(1), (page, out, c) -> {
                for (int link : links(page, size)) {
                    if (seen.add(link)) {
                        out.emit(link);
                    }
                }
            });
            seen.add(0);
            b.source(fetch, List.of(0)).connect(fetch, parse).feedback(parse, fetch).output(fetch);

            List<PipelineOutcome<Integer>> outcomes = readAll(b.start());

            assertThat(fetched).as("round %d", round).hasSize(seen.size());
            assertThat(fetched.values()).as("each page fetched once").allMatch(n -> n == 1);
            assertThat(outcomes).hasSize(seen.size()).allMatch(o -> o.index() == 0 && o.source() == 0);
        }
    }

    @Test
    void failures_endAtTheirStageWithInputAndIndex_andThePipelineGoesOn() throws Exception {
        PipelineBuilder<Integer> b = Pipeline.<Integer>builder("failing").handleSignals(false);
        Stage<Integer, Integer> first = b.map("first", StageOptions.platform(2), (i, c) -> i + 1000);
        Stage<Integer, Integer> second = b.map("second", StageOptions.platform(2), (i, c) -> {
            if (i % 10 == 0) {
                throw new IllegalArgumentException("bad " + i);
            }
            return i;
        });
        b.source(first, IntStream.range(0, 100).boxed().toList()).connect(first, second).output(second);

        List<PipelineOutcome<Integer>> outcomes = readAll(b.start());

        assertThat(outcomes).hasSize(100);
        List<PipelineOutcome<Integer>> failed = outcomes.stream().filter(o -> !o.isSuccess()).toList();
        assertThat(failed).hasSize(10).allSatisfy(o -> {
            assertThat(o.stage()).isEqualTo("second");
            assertThat(o.index() % 10).isZero();
            assertThat(o.input()).isEqualTo((int) o.index() + 1000);
            assertThat(((Outcome.Failed<Integer>) o.outcome()).error()).hasMessage("bad " + o.input());
        });
    }

    @Test
    void stagePoolSettings_retryAndTimeout_reuseThePoolsPolicies() throws Exception {
        Map<Integer, Integer> attempts = new ConcurrentHashMap<>();
        PipelineBuilder<Integer> b = Pipeline.<Integer>builder("policies").handleSignals(false);
        Stage<Integer, Integer> flaky = b.map("flaky", StageOptions.platform(2)
                .pool(p -> p.retry(dev.spool.pool.RetryPolicy.attempts(2))), (i, c) -> {
                    if (attempts.merge(i, 1, Integer::sum) == 1) {
                        throw new IllegalStateException("first attempt of " + i);
                    }
                    return i;
                });
        Stage<Integer, Integer> slow = b.map("slow", StageOptions.platform(2)
                .pool(p -> p.taskTimeout(java.time.Duration.ofMillis(50))), (i, c) -> {
                    if (i == 3) {
                        new CountDownLatch(1).await(); // never ends by itself: the timeout interrupts it
                    }
                    return i;
                });
        b.source(flaky, List.of(1, 2, 3, 4)).connect(flaky, slow).output(slow);

        List<PipelineOutcome<Integer>> outcomes = readAll(b.start());

        assertThat(outcomes).hasSize(4);
        assertThat(outcomes).filteredOn(PipelineOutcome::isSuccess)
                .extracting(o -> o.outcome().valueOrThrow()).containsExactlyInAnyOrder(1, 2, 4);
        assertThat(outcomes).filteredOn(o -> !o.isSuccess()).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isInstanceOf(Outcome.TimedOut.class);
            assertThat(o.stage()).isEqualTo("slow");
            assertThat(o.index()).isEqualTo(2);
        });
        assertThat(attempts).containsOnlyKeys(1, 2, 3, 4).allSatisfy((i, n) -> assertThat(n).isEqualTo(2));
    }

    @Test
    void failFast_firstFailureStopsThePipeline_everyItemReadStillEndsOnce() throws Exception {
        var read = new AtomicInteger();
        PipelineBuilder<Integer> b = Pipeline.<Integer>builder("fail-fast").handleSignals(false).failFast(true);
        Stage<Integer, Integer> only = b.map("only", StageOptions.platform(1).buffer(1), (i, c) -> {
            if (i == 50) {
                throw new IllegalStateException("fifty");
            }
            return i;
        });
        Iterable<Integer> endless = () -> IntStream.iterate(0, i -> i + 1).peek(i -> read.incrementAndGet())
                .boxed().iterator();
        b.source(only, endless).output(only);

        List<PipelineOutcome<Integer>> outcomes = readAll(b.start());

        assertThat(outcomes).hasSize(read.get());
        assertThat(outcomes.stream().map(PipelineOutcome::index).distinct().count()).isEqualTo(read.get());
        assertThat(outcomes).anySatisfy(o -> assertThat(o.outcome()).isInstanceOf(Outcome.Failed.class));
    }

    @Test
    void route_picksOneTarget_broadcastSendsToAll() throws Exception {
        PipelineBuilder<String> b = Pipeline.<String>builder("route").handleSignals(false);
        Stage<Integer, Integer> split = b.map("split", StageOptions.platform(1), (i, c) -> i);
        Stage<Integer, String> odd = b.map("odd", StageOptions.platform(1), (i, c) -> "odd " + i);
        Stage<Integer, String> even = b.map("even", StageOptions.platform(1), (i, c) -> "even " + i);
        Stage<Integer, Integer> copy = b.map("copy", StageOptions.platform(1), (i, c) -> i);
        Stage<Integer, String> a = b.map("a", StageOptions.platform(1), (i, c) -> "a " + i);
        Stage<Integer, String> z = b.map("z", StageOptions.platform(1), (i, c) -> "z " + i);
        b.source(split, IntStream.range(0, 10).boxed().toList()).source(copy, List.of(1, 2))
                .connect(split, odd).connect(split, even).route(split, i -> i % 2 == 0 ? even : odd)
                .connect(copy, a).connect(copy, z).output(odd).output(even).output(a).output(z);

        List<String> values = readAll(b.start()).stream().map(o -> o.outcome().valueOrThrow()).toList();

        assertThat(values).containsExactlyInAnyOrder("even 0", "odd 1", "even 2", "odd 3", "even 4", "odd 5",
                "even 6", "odd 7", "even 8", "odd 9", "a 1", "z 1", "a 2", "z 2");
    }

    @Test
    void stop_midway_everyItemReadEndsOnceAndNothingAfter() throws Exception {
        var running = new CountDownLatch(1);
        var read = new AtomicInteger();
        PipelineBuilder<Integer> b = Pipeline.<Integer>builder("stopped").handleSignals(false);
        Stage<Integer, Integer> slow = b.map("slow", StageOptions.platform(2).buffer(4), (i, c) -> {
            running.countDown();
            Thread.sleep(1); // a task's own work, not a wait for something
            return i;
        });
        Stage<Integer, Integer> last = b.map("last", StageOptions.virtual(2).buffer(1), (i, c) -> i);
        Iterable<Integer> endless = () -> IntStream.iterate(0, i -> i + 1).peek(i -> read.incrementAndGet())
                .boxed().iterator();
        b.source(slow, endless).connect(slow, last).output(last);
        Pipeline<Integer> pipeline = b.start();
        running.await();

        pipeline.stop();
        List<PipelineOutcome<Integer>> outcomes = readAll(pipeline);

        assertThat(outcomes).hasSize(read.get());
        assertThat(outcomes.stream().map(PipelineOutcome::index).distinct().count()).isEqualTo(read.get());
        assertThat(outcomes).anyMatch(o -> o.outcome() instanceof Outcome.NotRun<Integer>);
    }

    @Test
    void stopNow_mapTaskReturnsAfterTheInterrupt_itemEndsOnceCancelledAndItsValueNotSentOn() throws Exception {
        var running = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        PipelineBuilder<Integer> b = Pipeline.<Integer>builder("late-return").handleSignals(false);
        Stage<Integer, Integer> stubborn = b.map("stubborn", StageOptions.platform(1), (i, c) -> {
            running.countDown();
            boolean interrupted = false;
            while (true) { // ignores the interrupt until released, then returns a value anyway
                try {
                    release.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return i;
        });
        b.source(stubborn, List.of(7)).output(stubborn);
        Pipeline<Integer> pipeline = b.start();
        running.await();

        pipeline.stopNow(); // interrupts the running attempt: it will end Cancelled
        release.countDown();
        List<PipelineOutcome<Integer>> outcomes = readAll(pipeline);

        // before: the value was emitted (a Succeeded outcome) and then the item ended Cancelled as well
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isInstanceOf(Outcome.Cancelled.class);
            assertThat(o.input()).isEqualTo(7);
        });
    }

    @Test
    void stopWithGrace_taskIgnoringItsToken_cancelledOnceTheGraceHasPassed() throws Exception {
        var running = new CountDownLatch(1);
        PipelineBuilder<Integer> b = Pipeline.<Integer>builder("grace").handleSignals(false);
        Stage<Integer, Integer> deaf = b.map("deaf", StageOptions.platform(1).buffer(1), (i, c) -> {
            running.countDown();
            new CountDownLatch(1).await(); // ignores the stop token; only an interrupt ends it
            return i;
        });
        b.source(deaf, List.of(1, 2, 3)).output(deaf);
        Pipeline<Integer> pipeline = b.start();
        running.await();

        pipeline.stop(TestTimeouts.EXPECTED_EXPIRY);
        List<PipelineOutcome<Integer>> outcomes = readAll(pipeline);

        assertThat(outcomes).hasSize(3);
        assertThat(outcomes).filteredOn(o -> o.outcome() instanceof Outcome.Cancelled<Integer>).singleElement()
                .satisfies(o -> assertThat(((Outcome.Cancelled<Integer>) o.outcome()).reason())
                        .contains("grace period"));
        assertThat(outcomes).filteredOn(o -> o.outcome() instanceof Outcome.NotRun<Integer>).hasSize(2);
        assertThatThrownBy(() -> pipeline.stop(java.time.Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    }

    @Test
    void close_beforeTheEnd_stopsAndWaitsForEveryStage() throws Exception {
        PipelineBuilder<Integer> b = Pipeline.<Integer>builder("closed").handleSignals(false);
        Stage<Integer, Integer> id = b.map("id", StageOptions.platform(2).buffer(1), (i, c) -> i);
        Iterable<Integer> endless = () -> IntStream.iterate(0, i -> i + 1).boxed().iterator();
        b.source(id, endless).output(id);
        Pipeline<Integer> pipeline = b.start();

        pipeline.close(); // nobody read the outcomes: the stop must not wait for a reader

        assertThat(pipeline.isTerminated()).isTrue();
        assertThat(pipeline.stagePool("id").isTerminated()).isTrue();
        assertThat(pipeline.inFlight()).isZero();
    }

    @Test
    void workQueueSource_readUntilClosed_taskDoneForEach() throws Exception {
        WorkQueue<Integer> queue = WorkQueue.bounded(2);
        PipelineBuilder<Integer> b = Pipeline.<Integer>builder("queue").handleSignals(false);
        Stage<Integer, Integer> plus = b.map("plus", StageOptions.virtual(2), (i, c) -> i + 1);
        b.source(plus, queue).output(plus);
        Pipeline<Integer> pipeline = b.start();
        Thread producer = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    queue.put(i);
                }
                queue.join();
                queue.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        List<PipelineOutcome<Integer>> outcomes = readAll(pipeline);
        producer.join(TestTimeouts.LONG);

        assertThat(outcomes.stream().mapToInt(o -> o.outcome().valueOrThrow()).sum()).isEqualTo(5050);
        assertThat(queue.unfinishedTasks()).isZero();
    }

    @Test
    void sourceThatThrows_outcomesBeforeThenPipelineException() throws Exception {
        PipelineBuilder<Integer> b = Pipeline.<Integer>builder("bad-source").handleSignals(false);
        Stage<Integer, Integer> id = b.map("id", StageOptions.platform(1), (i, c) -> i);
        Iterable<Integer> broken = () -> IntStream.range(0, 10).map(i -> {
            if (i == 5) {
                throw new IllegalStateException("disk gone");
            }
            return i;
        }).boxed().iterator();
        b.source(id, broken).output(id);
        Pipeline<Integer> pipeline = b.start();
        List<Integer> values = new ArrayList<>();

        assertThatThrownBy(() -> pipeline.outcomes().forEach(o -> values.add(o.outcome().valueOrThrow())))
                .isInstanceOf(PipelineException.class).hasMessageContaining("source 0 failed after 5 items")
                .hasRootCauseMessage("disk gone");
        assertThat(values).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        pipeline.close();
    }

    /** A task a child JVM cannot create: the class is not public. */
    static final class Hidden implements dev.spool.pool.Task<Integer, Integer> {
        @Override
        public Integer run(Integer input, dev.spool.pool.TaskContext context) {
            return input;
        }
    }

    @Test
    void start_processStageWithTaskAChildCannotCreate_refusedNamingStageAndClass() {
        PipelineBuilder<Integer> b = Pipeline.<Integer>builder("hidden").handleSignals(false);
        Stage<Integer, Integer> first = b.map("first", StageOptions.platform(1), (i, c) -> i);
        Stage<Integer, Integer> child = b.map("child", StageOptions.process(1), new Hidden());
        b.source(first, List.of(1, 2, 3)).connect(first, child).output(child);

        // before: the pipeline started, every item failed at "first" and "child" waited for ever
        assertThatThrownBy(b::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stage 'child'").hasMessageContaining("Hidden");
    }

    @Test
    void start_cycleOfConnectEdges_namesTheCycle() {
        PipelineBuilder<Integer> b = Pipeline.<Integer>builder("cyclic").handleSignals(false);
        Stage<Integer, Integer> x = b.map("x", StageOptions.platform(1), (i, c) -> i);
        Stage<Integer, Integer> y = b.map("y", StageOptions.platform(1), (i, c) -> i);
        b.source(x, List.of(1)).connect(x, y).connect(y, x).output(y);

        assertThatThrownBy(b::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("x -> y -> x").hasMessageContaining("feedback");
    }

    @Test
    void wiringErrors_nameTheBadValue() {
        PipelineBuilder<Integer> b = Pipeline.<Integer>builder("bad").handleSignals(false);
        Stage<Integer, Integer> x = b.map("x", StageOptions.platform(1), (i, c) -> i);
        Stage<Integer, Integer> lonely = b.map("lonely", StageOptions.platform(1), (i, c) -> i);

        assertThatThrownBy(() -> b.map("x", StageOptions.platform(1), (Integer i, dev.spool.pool.TaskContext c) -> i))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
        assertThatThrownBy(() -> b.stage("p", StageOptions.process(1), (Integer i, Emitter<Integer> o, dev.spool.pool.TaskContext c) -> {}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'p'").hasMessageContaining("PROCESS");
        assertThatThrownBy(() -> StageOptions.platform(1).buffer(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
        assertThatThrownBy(b::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("no source");
        b.source(x, List.of(1)).output(x);
        assertThatThrownBy(b::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'lonely'").hasMessageContaining("receives nothing");
        PipelineBuilder<Integer> other = Pipeline.<Integer>builder("other");
        assertThatThrownBy(() -> other.output(x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another pipeline builder");
        assertThat(WorkerKind.values()).isNotEmpty();
    }
}
