package dev.spool.cli.bench;

import dev.spool.outcome.Outcome;
import dev.spool.pool.MapOptions;
import dev.spool.pool.Pool;
import dev.spool.pool.Task;
import dev.spool.pool.WorkerKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Runs Java workloads across kinds and worker counts: per cell, one pool is started, then warm-up runs, then
 * the measured runs, each mapping all the tasks through the pool. A sample is tasks per second of one
 * measured run.
 */
public final class JavaMatrix {

    /* Implementation notes
     *
     * Pool start-up is not measured: a pool is started once per cell and reused by its runs, so the samples
     * are steady-state throughput (for process workers the child JVMs are already up and warm after the
     * warm-up runs). Inputs go to the workers in chunks of tasks / (4 x workers), as Python's Pool.map
     * does, so that comparisons with it are like for like. The serial kind runs the tasks in a plain loop on
     * this thread and has one cell per workload (worker count 1).
     *
     * A failure stops only its cell: the first outcome that did not succeed, or an exception while
     * starting the pool, becomes the cell's error and the matrix goes on.
     */

    private final int runs;
    private final int warmup;
    private final Progress progress;

    public JavaMatrix(int runs, int warmup, Progress progress) {
        this.runs = runs;
        this.warmup = warmup;
        this.progress = progress;
    }

    /** The cells of one workload: one per (kind, worker count), serial once. */
    public static List<int[]> cells(List<BenchKind> kinds, List<Integer> workers) {
        List<int[]> cells = new ArrayList<>();
        for (BenchKind kind : kinds) {
            if (kind == BenchKind.SERIAL) {
                cells.add(new int[] {kind.ordinal(), 1});
            } else {
                workers.forEach(n -> cells.add(new int[] {kind.ordinal(), n}));
            }
        }
        return cells;
    }

    /** How many runs {@link #run} will report to the progress line. */
    public int plannedRuns(List<BenchKind> kinds, List<Integer> workers, int workloads) {
        return cells(kinds, workers).size() * (runs + warmup) * workloads;
    }

    /** Runs {@code workload} with {@code tasks} tasks per run on every cell. Never throws for a failing cell. */
    public List<CellResult> run(Workload workload, int tasks, List<BenchKind> kinds, List<Integer> workers)
            throws InterruptedException {
        List<CellResult> results = new ArrayList<>();
        for (int[] cell : cells(kinds, workers)) {
            BenchKind kind = BenchKind.values()[cell[0]];
            results.add(runCell(workload, tasks, kind, cell[1]));
        }
        return results;
    }

    /** One cell: warm-up and measured runs, or the error that stopped it. */
    public CellResult runCell(Workload workload, int tasks, BenchKind kind, int workers)
            throws InterruptedException {
        List<Integer> inputs = IntStream.range(0, tasks).mapToObj(workload.input()).toList();
        String name = workload.name() + ": " + kind.label() + " x" + workers;
        int remaining = runs + warmup;
        List<Double> samples = new ArrayList<>();
        try (Pool pool = kind == BenchKind.SERIAL ? null : startPool(kind.workerKind().orElseThrow(), workers)) {
            for (int i = 0; i < warmup + runs; i++) {
                boolean measured = i >= warmup;
                progress.step(name + (measured ? ", run " + (i - warmup + 1) + "/" + runs
                        : ", warm-up " + (i + 1) + "/" + warmup));
                remaining--;
                long start = System.nanoTime();
                if (pool == null) {
                    runSerially(workload.task(), inputs);
                } else {
                    runOnPool(pool, workload.task(), inputs, workers);
                }
                long nanos = Math.max(1, System.nanoTime() - start);
                if (measured) {
                    samples.add(tasks * 1e9 / nanos);
                }
            }
            return new CellResult(workload.name(), kind.label(), workers, samples, null);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            for (int i = 0; i < remaining; i++) {
                progress.step(name + ", skipped after the error");
            }
            return CellResult.failed(workload.name(), kind.label(), workers, describe(e));
        }
    }

    static Pool startPool(WorkerKind kind, int workers) {
        return Pool.builder().name("bench").kind(kind).workers(workers).handleSignals(false).build();
    }

    private static void runSerially(Task<Integer, Integer> task, List<Integer> inputs) throws Exception {
        for (Integer input : inputs) {
            task.run(input, null);
        }
    }

    static void runOnPool(Pool pool, Task<Integer, Integer> task, List<Integer> inputs, int workers) {
        int chunk = Math.max(1, inputs.size() / (4 * workers));
        try (Stream<Outcome<Integer>> outcomes = pool.map(task, inputs,
                MapOptions.completionOrder().chunkSize(chunk))) {
            Iterator<Outcome<Integer>> it = outcomes.iterator();
            while (it.hasNext()) {
                Outcome<Integer> outcome = it.next();
                if (!outcome.isSuccess()) {
                    throw new CellFailedException(outcome);
                }
            }
        }
    }

    /** One line for the error that stopped a cell. */
    static String describe(Throwable e) {
        Throwable cause = e instanceof CellFailedException && e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        String text = message == null || message.isBlank() ? cause.getClass().getName()
                : cause.getClass().getSimpleName() + ": " + message;
        if (e instanceof CellFailedException f) {
            text = "task " + f.outcome + ": " + text;
        }
        return text.lines().findFirst().orElse(text);
    }

    /** A task of the cell did not succeed. */
    static final class CellFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient String outcome;

        CellFailedException(Outcome<?> outcome) {
            super(outcome.kind(), outcome instanceof Outcome.Failed<?> failed ? failed.error() : null);
            this.outcome = outcome.kind();
        }
    }
}
