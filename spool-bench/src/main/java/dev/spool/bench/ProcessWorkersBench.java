package dev.spool.bench;

import dev.spool.outcome.Outcome;
import dev.spool.pool.MapOptions;
import dev.spool.pool.Pool;
import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import dev.spool.pool.WorkerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The Java half of {@code scripts/process-workers.py}: measures process workers and prints one {@code name
 * value} line per figure. Modes: {@code roundtrip N}, {@code chunked N}, {@code start ROUNDS}, {@code cpu
 * INPUTS WORK}. Each mode warms up before it measures.
 */
public final class ProcessWorkersBench {

    private ProcessWorkersBench() {}

    /** Doubles an integer: the tiny task of the comparison with Python. */
    public static final class Double implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer input, TaskContext context) {
            return input * 2;
        }
    }

    /** CPU-bound: {@code input} million rounds of xorshift. */
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

    /** The pid of the child. */
    public static final class Pid implements Task<Integer, Long> {
        @Override
        public Long run(Integer input, TaskContext context) {
            return ProcessHandle.current().pid();
        }
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "roundtrip" -> print("roundtrip_per_s", throughput(Integer.parseInt(args[1]), 1));
            case "chunked" -> print("chunked_per_s", throughput(Integer.parseInt(args[1]), 1000));
            case "start" -> start(Integer.parseInt(args[1]));
            case "cpu" -> cpu(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** Tasks per second through 2 process workers, after a warm-up run of as many (the JIT's turn). */
    private static double throughput(int n, int chunkSize) {
        try (Pool pool = Pool.builder().kind(WorkerKind.PROCESS).workers(2).handleSignals(false).build()) {
            run(pool, new Double(), n, chunkSize);
            long start = System.nanoTime();
            run(pool, new Double(), n, chunkSize);
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static <R> void run(Pool pool, Task<Integer, R> task, int n, int chunkSize) {
        run(pool, task, IntStream.range(0, n).boxed().toList(), chunkSize);
    }

    private static <R> void run(Pool pool, Task<Integer, R> task, List<Integer> inputs, int chunkSize) {
        var options = MapOptions.ordered().chunkSize(chunkSize);
        try (Stream<Outcome<R>> outcomes = pool.map(task, inputs, options)) {
            long failed = outcomes.filter(o -> !o.isSuccess()).count();
            if (failed > 0) {
                throw new IllegalStateException(failed + " tasks did not succeed");
            }
        }
    }

    /** The time to build a pool of one process worker (start a child JVM and handshake), and its memory. */
    private static void start(int rounds) throws Exception {
        List<Double2> millis = new ArrayList<>();
        long rssKib = 0;
        for (int i = 0; i < rounds + 1; i++) {
            long begin = System.nanoTime();
            try (Pool pool = Pool.builder().kind(WorkerKind.PROCESS).workers(1).handleSignals(false).build()) {
                long took = System.nanoTime() - begin;
                if (i > 0) { // the first round loads the parent's classes
                    millis.add(new Double2(took / 1e6));
                }
                long pid = pool.submit(new Pid(), 0).get();
                run(pool, new Double(), 20_000, 1); // warm the child up as a working child would be
                rssKib = rssKib(pid);
            }
        }
        millis.sort(null);
        print("start_ms_median", millis.get(millis.size() / 2).value());
        print("child_rss_mib", rssKib / 1024.0);
    }

    private record Double2(double value) implements Comparable<Double2> {
        @Override
        public int compareTo(Double2 o) {
            return java.lang.Double.compare(value, o.value);
        }
    }

    /** Seconds for {@code inputs} CPU-bound tasks of {@code work} million rounds, per kind and worker count. */
    private static void cpu(int inputs, int work) throws Exception {
        for (WorkerKind kind : WorkerKind.values()) {
            for (int workers : new int[] {1, 2}) {
                try (Pool pool = Pool.builder().kind(kind).workers(workers).handleSignals(false).build()) {
                    run(pool, new Burn(), java.util.Collections.nCopies(workers * 2, work), 1); // JIT in each worker
                    long start = System.nanoTime();
                    run(pool, new Burn(), java.util.Collections.nCopies(inputs, work), 1);
                    print("cpu_" + kind.name().toLowerCase(Locale.ROOT) + "_" + workers + "_s",
                            (System.nanoTime() - start) / 1e9);
                }
            }
        }
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }

    private static void print(String name, double value) {
        System.out.printf(Locale.ROOT, "%s %.3f%n", name, value);
    }
}
