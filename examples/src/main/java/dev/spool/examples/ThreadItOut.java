package dev.spool.examples;

import dev.spool.outcome.Outcome;
import dev.spool.pool.Pool;
import dev.spool.pool.Task;
import dev.spool.queue.WorkQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lesson: "just thread it out". The main thread only dispatches; it never waits for a result. Results
 * flow into a queue, and a collector thread takes them from there.
 *
 * <p>Each {@code submit} returns a handle at once. {@code handle.completion()} runs a callback when the task
 * ends, on the worker's thread; the callback only puts the {@link Outcome} on a result queue, which is safe
 * from any thread. Failures are outcomes too, so they reach the collector like everything else.
 *
 * <p>To prove that dispatching never waited for a result, the tasks are held at a gate that opens only
 * after the last submit: if the main thread had waited for any result, it would wait forever.
 *
 * <p>(When one thread may both feed inputs and read results, {@code pool.map(task, inputs,
 * MapOptions.completionOrder())} does the same within a bounded window.)
 */
public final class ThreadItOut {

    static final int TASKS = 200;
    static final int FAIL_EVERY = 50; // inputs 50, 100, 150, 200 fail on purpose

    private ThreadItOut() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println("thread it out: main dispatches " + TASKS + " tasks, a collector takes the results");
        WorkQueue<Outcome<Long>> results = WorkQueue.unbounded();
        CountDownLatch gate = new CountDownLatch(1);
        AtomicLong collected = new AtomicLong();

        // The collector: takes outcomes until the result queue is closed and drained.
        long[] tally = new long[3]; // succeeded, failed, sum of values; written only by the collector
        Thread collector = Thread.ofPlatform().name("collector").start(() -> {
            for (Outcome<Long> outcome : results) {
                switch (outcome) {
                    case Outcome.Succeeded<Long>(var info, var square) -> {
                        tally[0]++;
                        tally[2] += square;
                    }
                    case Outcome.Failed<Long>(var info, var error) -> tally[1]++;
                    default -> throw new IllegalStateException("unexpected outcome " + outcome);
                }
                collected.incrementAndGet();
                results.taskDone();
            }
        });

        Task<Integer, Long> square = (n, context) -> {
            gate.await(); // held until dispatching is over
            if (n % FAIL_EVERY == 0) {
                throw new IllegalArgumentException("input " + n + " is unlucky");
            }
            return (long) n * n;
        };

        try (Pool pool = Pool.builder().name("dispatch").workers(2).build()) {
            for (int n = 1; n <= TASKS; n++) {
                // submit returns at once; the callback hands the outcome to the collector's queue
                pool.submit(square, n).completion().thenAccept(results::offer);
            }
            System.out.printf("main: dispatched %d tasks; results collected meanwhile: %d%n",
                    TASKS, collected.get());
            gate.countDown(); // now the workers may run
        } // close(): every task has ended, so every outcome has been put on the result queue

        results.join();  // the collector has handled every outcome
        results.close(); // its loop ends
        collector.join();
        System.out.printf("collector: %d outcomes: %d succeeded, %d failed; sum of squares %d%n",
                collected.get(), tally[0], tally[1], tally[2]);
        System.out.println("dispatching never blocked on a result");
    }
}
