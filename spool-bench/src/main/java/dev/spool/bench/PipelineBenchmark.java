package dev.spool.bench;

import dev.spool.pipeline.Pipeline;
import dev.spool.pipeline.PipelineBuilder;
import dev.spool.pipeline.Stage;
import dev.spool.pipeline.StageOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Gatherers;
import java.util.stream.LongStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A three-stage pipeline of tiny items ({@value #TOKENS} Blackhole tokens per stage), 2 platform workers per
 * stage: Spool's {@link Pipeline} against a hand-wired {@code java.util.concurrent} pipeline
 * ({@code ArrayBlockingQueue}s of capacity {@value #CAPACITY} between stages, platform threads, a poison
 * pill per worker), {@code Gatherers.mapConcurrent(2)} per stage, Project Reactor ({@code parallel(2)} with a
 * {@code runOn} of its own 2-thread scheduler per stage) and Pekko Streams ({@code mapAsync(2)} per stage on
 * a 2-thread executor of its own), measured in the same run. The score is items per second through all
 * three stages; compare ratios against {@link #handWiredArrayBlockingQueues}, never absolute figures.
 *
 * <p>Each invocation builds its pipeline, pushes {@value #N} items through and waits for the last, in both
 * benchmarks, so each pays its set-up (threads, pools) once per {@value #N} items, except Reactor's
 * schedulers and Pekko's actor system, which live for the whole trial (their set-up is heavier and a user
 * keeps them); each checks that every item came out, so none can win by skipping work.
 *
 * <pre>
 * ./mvnw -q -pl spool-core,spool-bench package -DskipTests
 * java -jar spool-bench/target/benchmarks.jar PipelineBenchmark -f 1 -wi 1 -i 3 -w 5s -r 5s
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(PipelineBenchmark.N)
@State(Scope.Benchmark)
public class PipelineBenchmark {

    static final int N = 100_000;
    static final int TOKENS = 10;
    static final int WORKERS = 2;
    static final int CAPACITY = 1024;

    static long stage(long x) {
        Blackhole.consumeCPU(TOKENS);
        return x + 1;
    }

    @Benchmark
    public long spoolPipeline() {
        PipelineBuilder<Long> b = Pipeline.<Long>builder("bench").handleSignals(false);
        StageOptions options = StageOptions.platform(WORKERS).buffer(CAPACITY);
        Stage<Long, Long> one = b.map("one", options, (x, c) -> stage(x));
        Stage<Long, Long> two = b.map("two", options, (x, c) -> stage(x));
        Stage<Long, Long> three = b.map("three", options, (x, c) -> stage(x));
        b.source(one, () -> LongStream.range(0, N).boxed().iterator()).connect(one, two).connect(two, three)
                .output(three);
        long count;
        try (Pipeline<Long> pipeline = b.start()) {
            count = pipeline.outcomes().filter(o -> o.isSuccess()).count();
        }
        if (count != N) {
            throw new IllegalStateException("spool pipeline: " + count + " items came out of " + N);
        }
        return count;
    }

    /**
     * The same three stages as {@code Gatherers.mapConcurrent(2)} each, on one sequential stream (virtual
     * threads, as mapConcurrent uses): the JDK's own answer to concurrent stream stages.
     */
    @Benchmark
    public long gatherersMapConcurrent() {
        long count = LongStream.range(0, N).boxed()
                .gather(Gatherers.mapConcurrent(WORKERS, PipelineBenchmark::stage))
                .gather(Gatherers.mapConcurrent(WORKERS, PipelineBenchmark::stage))
                .gather(Gatherers.mapConcurrent(WORKERS, PipelineBenchmark::stage))
                .count();
        if (count != N) {
            throw new IllegalStateException("mapConcurrent: " + count + " items came out of " + N);
        }
        return count;
    }

    private final List<Scheduler> reactorStages = new ArrayList<>();
    private final List<ExecutorService> pekkoStages = new ArrayList<>();
    private ActorSystem pekko;

    @Setup
    public void startPeers() {
        for (int s = 0; s < 3; s++) {
            reactorStages.add(Schedulers.newParallel("reactor-stage-" + s, WORKERS));
            pekkoStages.add(Executors.newFixedThreadPool(WORKERS));
        }
        pekko = ActorSystem.create("bench");
    }

    @TearDown
    public void stopPeers() throws Exception {
        reactorStages.forEach(Scheduler::dispose);
        pekkoStages.forEach(ExecutorService::shutdownNow);
        pekko.terminate();
        pekko.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /**
     * Project Reactor: the items split into {@value #WORKERS} rails, each stage running them on its own
     * scheduler of {@value #WORKERS} threads ({@code runOn} per stage: a queue between stages, as in the
     * others), merged back at the end.
     */
    @Benchmark
    public long reactorParallelRunOn() {
        Long count = Flux.range(0, N).map(Integer::longValue)
                .parallel(WORKERS).runOn(reactorStages.get(0), CAPACITY).map(PipelineBenchmark::stage)
                .runOn(reactorStages.get(1), CAPACITY).map(PipelineBenchmark::stage)
                .runOn(reactorStages.get(2), CAPACITY).map(PipelineBenchmark::stage)
                .sequential().count().block();
        if (count == null || count != N) {
            throw new IllegalStateException("reactor: " + count + " items came out of " + N);
        }
        return count;
    }

    /**
     * Pekko Streams: each stage a {@code mapAsync(2)} whose futures run on that stage's executor of
     * {@value #WORKERS} threads.
     */
    @Benchmark
    public long pekkoMapAsync() throws Exception {
        long count = Source.range(0, N - 1).map(Integer::longValue)
                .mapAsync(WORKERS, x -> CompletableFuture.supplyAsync(() -> stage(x), pekkoStages.get(0)))
                .mapAsync(WORKERS, x -> CompletableFuture.supplyAsync(() -> stage(x), pekkoStages.get(1)))
                .mapAsync(WORKERS, x -> CompletableFuture.supplyAsync(() -> stage(x), pekkoStages.get(2)))
                .runWith(Sink.fold(0L, (n, x) -> n + 1), pekko)
                .toCompletableFuture().get();
        if (count != N) {
            throw new IllegalStateException("pekko: " + count + " items came out of " + N);
        }
        return count;
    }

    private static final Long PILL = Long.MIN_VALUE;

    @Benchmark
    public long handWiredArrayBlockingQueues() throws InterruptedException {
        List<BlockingQueue<Long>> queues = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            queues.add(new ArrayBlockingQueue<>(CAPACITY));
        }
        LongAdder out = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            BlockingQueue<Long> in = queues.get(s);
            BlockingQueue<Long> next = queues.get(s + 1);
            for (int w = 0; w < WORKERS; w++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        while (true) {
                            Long x = in.take();
                            if (x.equals(PILL)) {
                                return;
                            }
                            next.put(stage(x));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
        }
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < N; i++) {
                    queues.get(3).take();
                    out.increment();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (long i = 0; i < N; i++) {
            queues.get(0).put(i);
        }
        // shut down stage by stage: pills after the items, so every item is through before its stage ends
        for (int s = 0; s < 3; s++) {
            for (int w = 0; w < WORKERS; w++) {
                queues.get(s).put(PILL);
            }
            for (int w = 0; w < WORKERS; w++) {
                threads.get(s * WORKERS + w).join();
            }
        }
        reader.join();
        if (out.sum() != N) {
            throw new IllegalStateException("hand-wired: " + out.sum() + " items came out of " + N);
        }
        return out.sum();
    }
}
