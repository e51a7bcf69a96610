package dev.spool.cli.bench;

import dev.spool.pool.Pool;
import dev.spool.pool.Task;
import dev.spool.pool.WorkerKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code --vs} for Java tasks: spool's process workers against Python 3's {@code multiprocessing.Pool.map}
 * on the {@code tiny} workload, the same number of workers and tasks, in alternating rounds.
 */
public final class PythonVs {

    /* Implementation notes
     *
     * Both sides measure steady-state map throughput on a pool that is already up: spool's pool is started
     * once and warmed; each Python round is one `python3 -c` process that starts its pool, maps once to warm
     * it, then times one map and prints tasks per second. Python's Pool.map cuts the inputs into chunks of
     * len / (4 x workers); spool's matrix uses the same chunk size. The fork start method is asked for
     * explicitly, because the inline script's function cannot be found by spawned children.
     */

    static final String SCRIPT = String.join("\n",
            "import sys, time, multiprocessing",
            "def tiny(x):",
            "    return x",
            "if __name__ == '__main__':",
            "    n, w = int(sys.argv[1]), int(sys.argv[2])",
            "    with multiprocessing.get_context('fork').Pool(w) as pool:",
            "        pool.map(tiny, range(n))",
            "        start = time.perf_counter()",
            "        pool.map(tiny, range(n))",
            "        print(n / (time.perf_counter() - start))");

    private PythonVs() {}

    /** The cells of spool (process workers) and of Python, or none with a note when python3 is missing. */
    public static List<CellResult> run(int tasks, int workers, int runs, int warmup, Progress progress,
            List<String> notes) throws InterruptedException {
        if (!ShellBench.onPath("python3")) {
            notes.add("python multiprocessing: python3 not installed, skipped");
            return List.of();
        }
        List<Object> inputs = IntStream.range(0, tasks).<Object>mapToObj(i -> i).toList();
        List<Double> spool = new ArrayList<>();
        List<Double> python = new ArrayList<>();
        String spoolError = null;
        String pythonError = null;
        Task<Object, Object> task = Workload.erase(new TinyTask());
        try (Pool pool = JavaMatrix.startPool(WorkerKind.PROCESS, workers)) {
            for (int i = 0; i < warmup + runs; i++) {
                boolean measured = i >= warmup;
                String round = measured ? "run " + (i - warmup + 1) + "/" + runs : "warm-up " + (i + 1) + "/" + warmup;
                progress.step("tiny vs python: spool process x" + workers + ", " + round);
                if (spoolError == null) {
                    try {
                        long start = System.nanoTime();
                        JavaMatrix.runOnPool(pool, task, inputs, workers);
                        double rate = tasks * 1e9 / Math.max(1, System.nanoTime() - start);
                        if (measured) {
                            spool.add(rate);
                        }
                    } catch (RuntimeException e) {
                        spoolError = JavaMatrix.describe(e);
                    }
                }
                progress.step("tiny vs python: multiprocessing.Pool(" + workers + ").map, " + round);
                if (pythonError == null) {
                    try {
                        double rate = pythonOnce(tasks, workers);
                        if (measured) {
                            python.add(rate);
                        }
                    } catch (IOException e) {
                        pythonError = e.getMessage();
                    }
                }
            }
        } catch (RuntimeException e) {
            spoolError = JavaMatrix.describe(e);
        }
        return List.of(
                spoolError == null ? new CellResult("tiny", "spool process", workers, spool, null)
                        : CellResult.failed("tiny", "spool process", workers, spoolError),
                pythonError == null ? new CellResult("tiny", "python mp.Pool.map", workers, python, null)
                        : CellResult.failed("tiny", "python mp.Pool.map", workers, pythonError));
    }

    /** How many steps {@link #run} reports. */
    public static int plannedRuns(int runs, int warmup) {
        return 2 * (runs + warmup);
    }

    private static double pythonOnce(int tasks, int workers) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("python3", "-c", SCRIPT, String.valueOf(tasks), String.valueOf(workers))
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int exit = process.waitFor();
        try {
            if (exit == 0) {
                return Double.parseDouble(output);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        String last = output.lines().reduce((a, b) -> b).orElse("");
        throw new IOException("python3 exited with " + exit + (last.isEmpty() ? "" : ": " + last));
    }
}
