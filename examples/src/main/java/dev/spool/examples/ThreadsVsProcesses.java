package dev.spool.examples;

import dev.spool.outcome.Outcome;
import dev.spool.pool.Pool;
import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import dev.spool.pool.WorkerKind;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The lesson: threads share memory, processes run apart but cost start-up time and memory. On the JVM there
 * is no GIL, so CPU-bound work runs in parallel on threads already; process workers buy isolation (a crash,
 * a leak or native code stays in its child), not speed.
 *
 * <p>The same CPU-bound task, written once as a public class, runs on a pool of platform threads and on a
 * pool of child JVMs: switching is one argument to the builder. The program prints both timings, and the
 * time it took to start the children (a warm pool pays it once, at {@code build()}).
 *
 * <p>Python readers: this is {@code ThreadPoolExecutor} vs {@code ProcessPoolExecutor}, except that in
 * CPython the thread pool would not run the task in parallel at all.
 */
public final class ThreadsVsProcesses {

    static final int TASKS = 8;
    static final int WORKERS = 2;
    static final int MILLION_ROUNDS = 40;

    private ThreadsVsProcesses() {}

    /** CPU-bound: {@code input} million rounds of xorshift. A public class, so a child JVM can create it. */
    public static final class Burn implements Task<Integer, Long> {
        @Override
        public Long run(Integer millions, TaskContext context) {
            long x = millions | 1;
            for (long i = 0, n = millions * 1_000_000L; i < n; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
            return x;
        }
    }

    public static void main(String[] args) {
        System.out.println("cpu-bound: " + TASKS + " tasks of " + MILLION_ROUNDS + "M xorshift rounds on "
                + WORKERS + " workers");
        List<Long> onThreads = run(WorkerKind.PLATFORM, "threads  ");
        List<Long> onProcesses = run(WorkerKind.PROCESS, "processes");
        System.out.println("same results on both: " + onThreads.equals(onProcesses));
    }

    private static List<Long> run(WorkerKind kind, String label) {
        long begin = System.nanoTime();
        try (Pool pool = Pool.builder().kind(kind).workers(WORKERS).build()) {
            long started = System.nanoTime();
            List<Integer> inputs = IntStream.range(0, TASKS).map(i -> MILLION_ROUNDS + i).boxed().toList();
            List<Long> results;
            try (var outcomes = pool.map(new Burn(), inputs)) {
                results = outcomes.map(Outcome::valueOrThrow).toList();
            }
            long done = System.nanoTime();
            System.out.printf(Locale.ROOT, "%s (%s): %.2f s for the tasks, %.0f ms to start the workers%n",
                    label, kind, (done - started) / 1e9, (started - begin) / 1e6);
            return results;
        }
    }
}
