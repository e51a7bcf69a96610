package dev.spool.bench;

import dev.spool.outcome.Outcome;
import dev.spool.pool.MapOptions;
import dev.spool.pool.Pool;
import dev.spool.pool.Task;
import dev.spool.pool.TaskHandle;
import dev.spool.pool.WorkerKind;
import dev.spool.queue.QueueClosedException;
import dev.spool.queue.WorkQueue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Dispatch overhead: {@value #N} tiny tasks per invocation through two worker threads, Spool's queue and
 * pool against {@code ThreadPoolExecutor(2)} with a {@code CountDownLatch}, measured in the same run.
 * The score is tiny tasks per second; compare ratios against {@link #executorLatch}, never absolute figures.
 *
 * <p>Every benchmark runs the same {@link #tinyTask()} exactly {@value #N} times per invocation and returns
 * only when all of them have run; each state counts the tasks that ran and checks at tear-down that the
 * count is {@value #N} times the invocations, so no benchmark can win by skipping work.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(DispatchBenchmark.N)
public class DispatchBenchmark {

    /*
     * Implementation notes.
     *
     * Threads: the JMH thread is the producer (and, for map, the consumer of outcomes); two worker threads
     * run the tasks. Every pool, executor and consumer thread lives for one trial (@Setup/@TearDown at
     * Level.Trial) and is ended at tear-down, which also checks the task count.
     *
     * The tiny task is Blackhole.consumeCPU(TOKENS) plus one LongAdder increment (the count check). A
     * LongAdder spreads the two workers over cells, so the count costs a few nanoseconds and no contention.
     */

    /** Tiny tasks per invocation. */
    static final int N = 10_000;
    /** Work in the tiny task, in Blackhole tokens. */
    static final int TOKENS = 10;
    static final int WORKERS = 2;

    /** The task every benchmark runs N times per invocation. */
    static void tinyTask(LongAdder ran) {
        Blackhole.consumeCPU(TOKENS);
        ran.increment();
    }

    /** Counts the tasks run and the invocations, and checks them at the end of a trial. */
    abstract static class Counted {
        final LongAdder ran = new LongAdder();
        /** Written only by the JMH thread. */
        long invocations;

        void checkCount() {
            long expected = invocations * N;
            if (ran.sum() != expected) {
                throw new IllegalStateException(getClass().getSimpleName() + ": " + ran.sum()
                        + " tasks ran, expected " + expected + " (" + invocations + " invocations of " + N + ")");
            }
        }
    }

    // ---- 1. the peer: ThreadPoolExecutor(2) + CountDownLatch ----

    @State(Scope.Benchmark)
    public static class ExecutorState extends Counted {
        ThreadPoolExecutor executor;

        @Setup(Level.Trial)
        public void setUp() {
            executor = new ThreadPoolExecutor(WORKERS, WORKERS, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
            executor.prestartAllCoreThreads();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            executor.shutdown();
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("executor did not terminate: " + executor);
            }
            checkCount();
        }
    }

    /** The peer: {@code execute} N Runnables that count down a latch, then await the latch. */
    @Benchmark
    public void executorLatch(ExecutorState s) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(N);
        LongAdder ran = s.ran;
        Runnable task = () -> {
            tinyTask(ran);
            latch.countDown();
        };
        for (int i = 0; i < N; i++) {
            s.executor.execute(task);
        }
        latch.await();
        s.invocations++;
    }

    /** A second peer, the shape of spoolPoolSubmit: {@code submit} N tasks, then {@code get} each future. */
    @Benchmark
    public void executorSubmitFutures(ExecutorState s) throws Exception {
        LongAdder ran = s.ran;
        Runnable task = () -> tinyTask(ran);
        List<Future<?>> futures = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            futures.add(s.executor.submit(task));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        s.invocations++;
    }

    // ---- 2. Spool's WorkQueue: two consumers doing take; run; taskDone, the producer joins ----

    @State(Scope.Benchmark)
    public static class QueueState extends Counted {
        WorkQueue<Runnable> queue;
        final List<Thread> consumers = new ArrayList<>();
        Runnable task;

        @Setup(Level.Trial)
        public void setUp() {
            queue = WorkQueue.unbounded();
            LongAdder counter = ran;
            task = () -> tinyTask(counter);
            for (int i = 0; i < WORKERS; i++) {
                consumers.add(Thread.ofPlatform().name("queue-consumer-" + i).start(this::consume));
            }
        }

        private void consume() {
            while (true) {
                Runnable item;
                try {
                    item = queue.take();
                } catch (QueueClosedException closed) {
                    return;
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    item.run();
                } finally {
                    queue.taskDone();
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            queue.close();
            for (Thread consumer : consumers) {
                consumer.join(TimeUnit.SECONDS.toMillis(30));
                if (consumer.isAlive()) {
                    throw new IllegalStateException(consumer.getName() + " did not end: " + queue);
                }
            }
            checkCount();
        }
    }

    /** Puts N items on an unbounded {@code WorkQueue}, then {@code join()}s until all are {@code taskDone}. */
    @Benchmark
    public void spoolQueueJoin(QueueState s) throws InterruptedException {
        WorkQueue<Runnable> queue = s.queue;
        Runnable task = s.task;
        for (int i = 0; i < N; i++) {
            queue.put(task);
        }
        queue.join();
        s.invocations++;
    }

    // ---- 3 and 4. Spool's Pool: submit, map ----

    @State(Scope.Benchmark)
    public static class PoolState extends Counted {
        Pool pool;
        Task<Integer, Integer> task;
        List<Integer> inputs;
        /** Reused by the submit benchmark; confined to the JMH thread. */
        final List<TaskHandle<Integer>> handles = new ArrayList<>(N);

        @Setup(Level.Trial)
        public void setUp() {
            pool = Pool.builder().kind(WorkerKind.PLATFORM).workers(WORKERS).handleSignals(false).build();
            LongAdder counter = ran;
            task = (input, context) -> {
                tinyTask(counter);
                return input;
            };
            inputs = Collections.nCopies(N, 1);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            pool.close();
            if (!pool.isTerminated()) {
                throw new IllegalStateException("pool did not terminate: " + pool);
            }
            checkCount();
        }
    }

    /** Submits N tasks to the pool, then awaits each handle (which also reads each outcome). */
    @Benchmark
    public long spoolPoolSubmit(PoolState s) throws InterruptedException {
        List<TaskHandle<Integer>> handles = s.handles;
        handles.clear();
        for (int i = 0; i < N; i++) {
            handles.add(s.pool.submit(s.task, 1));
        }
        long sum = 0;
        for (TaskHandle<Integer> handle : handles) {
            sum += handle.get();
        }
        handles.clear();
        s.invocations++;
        return requireSum(sum);
    }

    /** Submits N tasks to the pool, then awaits a latch each task counts down; the handles are dropped. */
    @Benchmark
    public void spoolPoolSubmitLatch(PoolState s) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(N);
        LongAdder ran = s.ran;
        Task<Integer, Integer> task = (input, context) -> {
            tinyTask(ran);
            latch.countDown();
            return input;
        };
        for (int i = 0; i < N; i++) {
            s.pool.submit(task, 1);
        }
        latch.await();
        s.invocations++;
    }

    /** {@code pool.map} over N inputs in completion order (default window: max(256, 4 x workers)), read to the end. */
    @Benchmark
    public long spoolPoolMap(PoolState s) {
        return map(s, MapOptions.completionOrder());
    }

    /** As {@link #spoolPoolMap}, in chunks of 100 (default window: max(256, 4 x workers) x 100). */
    @Benchmark
    public long spoolPoolMapChunked(PoolState s) {
        return map(s, MapOptions.completionOrder().chunkSize(100));
    }

    /** As {@link #spoolPoolMap} with a window of 1000 in flight: how much the default window of 8 costs. */
    @Benchmark
    public long spoolPoolMapWindow1000(PoolState s) {
        return map(s, MapOptions.completionOrder().window(1000));
    }

    private static long map(PoolState s, MapOptions options) {
        long sum = 0;
        try (Stream<Outcome<Integer>> outcomes = s.pool.map(s.task, s.inputs, options)) {
            for (var it = outcomes.iterator(); it.hasNext(); ) {
                sum += it.next().valueOrThrow();
            }
        }
        s.invocations++;
        return requireSum(sum);
    }

    /** Every task returns 1: the sum of the values proves N outcomes, all succeeded. */
    private static long requireSum(long sum) {
        if (sum != N) {
            throw new IllegalStateException("expected " + N + " successful outcomes, got a sum of " + sum);
        }
        return sum;
    }
}
