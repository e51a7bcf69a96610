package dev.spool.examples;

import dev.spool.monitor.PoolEvent;
import dev.spool.monitor.PoolListener;
import dev.spool.outcome.Outcome;
import dev.spool.pool.Pool;
import dev.spool.pool.RetryPolicy;
import dev.spool.pool.Task;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The lesson: monitor your workers. A pool tells a {@link PoolListener} everything that happens in it:
 * tasks submitted, started, retried and finished (with their outcome), workers up and down.
 *
 * <p>Here a small listener counts the events; the main thread maps a task over 100 inputs and prints a
 * progress line every 25 outcomes, then the summary. Some inputs fail (and are retried once), one hangs
 * until the pool's task timeout interrupts it.
 *
 * <p>Listeners run on the thread where the event happens, usually a worker: keep them quick and
 * thread-safe, as counters are.
 */
public final class Monitoring {

    static final int TASKS = 100;
    static final int FAIL_EVERY = 20;  // inputs 20, 40, 60, 80, 100 fail on every attempt
    static final int HANGS = 42;       // input 42 waits until the timeout interrupts it
    static final int PROGRESS_EVERY = 25;

    private Monitoring() {}

    /** Counts a pool's events; safe to call from any number of workers at once. */
    static final class EventCounter implements PoolListener {
        final LongAdder submitted = new LongAdder();
        final LongAdder started = new LongAdder();
        final LongAdder retried = new LongAdder();
        final LongAdder finished = new LongAdder();
        final LongAdder workersUp = new LongAdder();
        final LongAdder workersDown = new LongAdder();
        final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

        @Override
        public void onEvent(PoolEvent event) {
            switch (event) {
                case PoolEvent.Submitted e -> submitted.increment();
                case PoolEvent.Started e -> started.increment();
                case PoolEvent.Retried e -> retried.increment();
                case PoolEvent.Finished e -> {
                    outcomes.computeIfAbsent(e.outcome().kind(), k -> new LongAdder()).increment();
                    finished.increment();
                }
                case PoolEvent.WorkerStarted e -> workersUp.increment();
                case PoolEvent.WorkerStopped e -> workersDown.increment();
                case PoolEvent.Stopping e -> { }
            }
        }

        long outcomes(String kind) {
            LongAdder count = outcomes.get(kind);
            return count == null ? 0 : count.sum();
        }
    }

    public static void main(String[] args) {
        System.out.println("monitoring: " + TASKS + " tasks on 2 workers, events counted by a listener");
        EventCounter events = new EventCounter();

        Task<Integer, Integer> work = (n, context) -> {
            if (n == HANGS) {
                context.stopToken().awaitStop(); // stands for a call that hangs; the timeout interrupts it
            }
            if (n % FAIL_EVERY == 0) {
                throw new IOException("input " + n + ": connection reset");
            }
            return n * 2;
        };

        dev.spool.monitor.Stats stats;
        try (Pool pool = Pool.builder()
                .name("monitored")
                .workers(2)
                .taskTimeout(Duration.ofSeconds(1))
                .retry(RetryPolicy.attempts(2).retryOn(e -> e instanceof IOException))
                .listener(events)
                .collectStats(true) // the pool's own statistics: counts, rate, latency percentiles, ETA
                .build();
             Stream<Outcome<Integer>> outcomes = pool.map(work, IntStream.rangeClosed(1, TASKS).boxed().toList())) {
            int read = 0;
            for (Outcome<Integer> outcome : (Iterable<Outcome<Integer>>) outcomes::iterator) {
                // A task's Finished event reaches the listeners before its outcome reaches us, so the
                // listener never trails the outcomes read.
                if (++read % PROGRESS_EVERY == 0) {
                    System.out.printf("progress: %d/%d outcomes (%d%%); the listener has seen %d finished%n",
                            read, TASKS, 100 * read / TASKS, events.finished.sum());
                }
            }
            stats = pool.stats();
        } // close() waits for the workers to end, so every event has been delivered

        System.out.printf("events: submitted %d, started %d, retried %d, finished %d%n",
                events.submitted.sum(), events.started.sum(), events.retried.sum(), events.finished.sum());
        var kinds = new StringBuilder("outcomes:");
        for (String kind : List.of("succeeded", "failed", "timed out", "cancelled", "not run")) {
            kinds.append(kind.equals("succeeded") ? " " : ", ").append(events.outcomes(kind)).append(' ').append(kind);
        }
        System.out.println(kinds);
        System.out.printf("workers: %d up, %d down%n", events.workersUp.sum(), events.workersDown.sum());
        System.out.println("stats: " + stats);
    }
}
