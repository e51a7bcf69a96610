package dev.spool.bench;

import dev.spool.launch.JobSpec;
import dev.spool.launch.PosixSpawnLauncher;
import dev.spool.launch.Redirect;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A measurement, not a test: how many {@code /bin/true} processes per second can be started and reaped,
 * sequentially and from 2 threads, through {@link PosixSpawnLauncher} (guarded, as the command uses it)
 * and through {@link ProcessBuilder}. Usage: {@code SpawnRate [N]} (default 2000 per configuration).
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp spool-core/target/classes:spool-bench/target/classes \
 *      dev.spool.bench.SpawnRate 2000
 * </pre>
 */
public final class SpawnRate {

    /* Implementation notes: each configuration first runs N warm-up spawns, then N measured ones split
     * over the threads by a shared counter; the rate is N over the wall time. The warm-up is that long
     * because the FFM downcalls only reach their steady speed once C2 has compiled the launch path: the
     * first ~1000 launches measure the JIT on a loaded 2-core machine, not process creation. Job stdio
     * goes to /dev/null in both launchers so that no pipe handling is measured. */

    private SpawnRate() {}

    @FunctionalInterface
    private interface Spawn {
        void runOnce() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        PosixSpawnLauncher launcher = PosixSpawnLauncher.guarded();
        JobSpec spec = JobSpec.builder("/bin/true")
                .stdin(Redirect.NULL).stdout(Redirect.NULL).stderr(Redirect.NULL).build();
        Spawn posix = () -> {
            int code = launcher.launch(spec).waitFor().code();
            if (code != 0) {
                throw new IllegalStateException("/bin/true exited " + code);
            }
        };
        ProcessBuilder builder = new ProcessBuilder("/bin/true")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Spawn processBuilder = () -> {
            int code = builder.start().waitFor();
            if (code != 0) {
                throw new IllegalStateException("/bin/true exited " + code);
            }
        };
        System.out.printf("spawns of /bin/true, N=%d per row, %d CPUs%n", n, Runtime.getRuntime().availableProcessors());
        for (int threads : new int[] {1, 2}) {
            report("PosixSpawnLauncher", threads, n, posix);
            report("ProcessBuilder", threads, n, processBuilder);
        }
    }

    private static void report(String name, int threads, int n, Spawn spawn) throws Exception {
        measure(threads, n, spawn);
        long nanos = measure(threads, n, spawn);
        System.out.printf("%-20s %d thread%s %8.0f spawns/s%n", name, threads, threads == 1 ? " " : "s",
                n / (nanos / 1e9));
    }

    private static long measure(int threads, int n, Spawn spawn) throws Exception {
        AtomicInteger left = new AtomicInteger(n);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().name("spawner-" + t).start(() -> {
                try {
                    while (left.getAndDecrement() > 0) {
                        spawn.runOnce();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        long elapsed = System.nanoTime() - start;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a spawner failed", failures.get(0));
        }
        return elapsed;
    }
}
