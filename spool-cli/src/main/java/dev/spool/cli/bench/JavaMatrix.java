package dev.spool.cli.bench;

import dev.spool.outcome.Outcome;
import dev.spool.pool.MapOptions;
import dev.spool.pool.Pool;
import dev.spool.pool.Task;
import dev.spool.pool.WorkerKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Runs Java workloads across kinds and worker counts. First a shared warm-up pass runs every workload on
 * every kind that runs in this JVM, so that no cell is measured while the JIT is still compiling what the
 * others run; then per cell, one pool is started, warmed up and measured, each run mapping all the tasks
 * through the pool. A sample is tasks per second of one measured run.
 */
public final class JavaMatrix {

    /* Implementation notes
     *
     * Warm-up. Measuring the first cell while the JIT was still compiling made it look up to three times
     * slower than a later cell running the same code (serial x1 on cpu against platform x1: 2.8k against
     * 9.4k tasks/s; swapping the two kinds swapped the figures). So, before anything is measured, every
     * workload runs on serial, platform and virtual (at the largest worker count) for at least
     * WARM_UP_TIME and until its rate levels off (WarmUpPolicy); process workers are left out, since their
     * code runs in children that each cell starts anew. Each cell then warms up before its measured runs:
     * its own pool's threads until the rate levels off, and for process workers also for WARM_UP_TIME, the
     * JIT of its new children. A warm-up is one step of the progress line however many runs it makes.
     *
     * Pool start-up is not measured: a pool is started once per cell and reused by its runs, so the samples
     * are steady-state throughput. Inputs go to the workers in chunks of tasks / (4 x workers), as Python's
     * Pool.map does, so that comparisons with it are like for like. The serial kind runs the tasks in a
     * plain loop on this thread and has one cell per workload (worker count 1).
     *
     * A failure stops only its cell: the first outcome that did not succeed, or an exception while
     * starting the pool, becomes the cell's error and the matrix goes on. A failure in the shared warm-up
     * pass is ignored there; the cells of that kind meet it again and report it.
     */

    /**
     * The least time a workload runs on a JVM before it is measured there: in the shared pass, and in each
     * process cell, whose children are new JVMs. With less, a 2-core machine busy with something else
     * measured the first cells before the optimising compiler had caught up.
     */
    public static final Duration WARM_UP_TIME = Duration.ofSeconds(1);

    private final int runs;
    private final WarmUpPolicy warmUp;
    private final WarmUpPolicy newJvmWarmUp;
    private final Progress progress;
    /** Progress steps taken in the current cell; for the count of those skipped after an error. */
    /** The worker counts of virtual threads, or null for the same as the other kinds'. */
    private List<Integer> virtualWorkers;
    private int stepsInCell; // like everything here, used by the benchmark's thread only

    /**
     * @param runs measured runs per cell
     * @param warmup the fewest warm-up runs per cell and per kind in the shared pass; 0 for no warm-up
     * @param progress where each run is reported
     */
    public JavaMatrix(int runs, int warmup, Progress progress) {
        this(runs, WarmUpPolicy.atLeast(warmup), WarmUpPolicy.atLeast(warmup).forAtLeast(WARM_UP_TIME), progress);
    }

    /**
     * @param warmUp the warm-up of a cell whose workers run in this JVM
     * @param newJvmWarmUp the warm-up of the shared pass and of a process cell
     */
    JavaMatrix(int runs, WarmUpPolicy warmUp, WarmUpPolicy newJvmWarmUp, Progress progress) {
        this.runs = runs;
        this.warmUp = warmUp;
        this.newJvmWarmUp = newJvmWarmUp;
        this.progress = progress;
    }

    /** The cells of one workload: one per (kind, worker count), serial once. */
    public static List<int[]> cells(List<BenchKind> kinds, List<Integer> workers) {
        return cells(kinds, workers, workers);
    }

    /** As {@link #cells(List, List)}, with the worker counts of virtual threads apart. */
    static List<int[]> cells(List<BenchKind> kinds, List<Integer> workers, List<Integer> virtualWorkers) {
        List<int[]> cells = new ArrayList<>();
        for (BenchKind kind : kinds) {
            if (kind == BenchKind.SERIAL) {
                cells.add(new int[] {kind.ordinal(), 1});
            } else {
                (kind == BenchKind.VIRTUAL ? virtualWorkers : workers)
                        .forEach(n -> cells.add(new int[] {kind.ordinal(), n}));
            }
        }
        return cells;
    }

    /**
     * Measures virtual threads at these worker counts instead of those of the other kinds: by default they
     * reach hundreds, so that blocking work is not measured only where it is under-sized.
     */
    public JavaMatrix virtualWorkers(List<Integer> counts) {
        this.virtualWorkers = List.copyOf(counts);
        return this;
    }

    /** The kinds of the shared warm-up pass: those among {@code kinds} that run in this JVM. */
    static List<BenchKind> sharedWarmUpKinds(List<BenchKind> kinds) {
        return kinds.stream().filter(kind -> kind != BenchKind.PROCESS).toList();
    }

    /** How many steps {@link #run} will report to the progress line: every measured run, and each warm-up. */
    public int plannedRuns(List<BenchKind> kinds, List<Integer> workers, int workloads) {
        int warmUps = warmUp.minRuns() == 0 ? 0 : 1;
        int perWorkload = cells(kinds, workers, virtualOr(workers)).size() * (runs + warmUps) + sharedWarmUpKinds(kinds).size() * warmUps;
        return perWorkload * workloads;
    }

    /** Runs {@code workload} with {@code tasks} tasks per run on every cell. Never throws for a failing cell. */
    public List<CellResult> run(Workload workload, int tasks, List<BenchKind> kinds, List<Integer> workers)
            throws InterruptedException {
        return run(List.of(workload), OptionalInt.of(tasks), kinds, workers);
    }

    /**
     * Runs every workload on every cell: the shared warm-up pass over all of them first, then each
     * workload's cells in order. Never throws for a failing cell.
     *
     * @param tasks tasks per run; empty for each workload's default
     * @return the cells, workload by workload, in the order of {@link #cells}
     */
    public List<CellResult> run(List<Workload> workloads, OptionalInt tasks, List<BenchKind> kinds,
            List<Integer> workers) throws InterruptedException {
        warmUpAcrossCells(workloads, tasks, kinds, workers);
        List<CellResult> results = new ArrayList<>();
        for (Workload workload : workloads) {
            for (int[] cell : cells(kinds, workers, virtualOr(workers))) {
                results.add(runCell(workload, inputs(workload, tasks, cell[1]), BenchKind.values()[cell[0]],
                        cell[1]));
            }
        }
        return results;
    }

    /**
     * The shared warm-up pass: every workload on every kind of {@link #sharedWarmUpKinds}, at the largest
     * worker count, under the new-JVM warm-up. Nothing when warm-up is off.
     */
    private void warmUpAcrossCells(List<Workload> workloads, OptionalInt tasks, List<BenchKind> kinds,
            List<Integer> workers) throws InterruptedException {
        if (newJvmWarmUp.minRuns() == 0) {
            return;
        }
        int most = workers.stream().mapToInt(Integer::intValue).max().orElse(1);
        for (Workload workload : workloads) {
            for (BenchKind kind : sharedWarmUpKinds(kinds)) {
                int n = kind == BenchKind.SERIAL ? 1 : most;
                List<Object> inputs = inputs(workload, tasks, n);
                String name = workload.name() + ": shared warm-up on " + kind.label() + " x" + n;
                stepsInCell = 0;
                try (Pool pool = kind == BenchKind.SERIAL ? null : startPool(kind.workerKind().orElseThrow(), n)) {
                    warmUp(name, newJvmWarmUp, pool, workload.task(), inputs, n);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    // the cells of this kind meet the failure again and report it
                    if (stepsInCell == 0) {
                        progress.step(name + ", skipped after an error");
                    }
                }
            }
        }
    }

    /**
     * The inputs of one run: {@code --tasks} of them if given, else the workload's default but at least 4
     * per worker, so that many workers are not measured on too few tasks to keep them busy.
     */
    private static List<Object> inputs(Workload workload, OptionalInt tasks, int workers) {
        int n = tasks.orElse(Math.max(workload.defaultTasks(), 4 * workers));
        return IntStream.range(0, n).mapToObj(workload.input()).toList();
    }

    private List<Integer> virtualOr(List<Integer> workers) {
        return virtualWorkers == null ? workers : virtualWorkers;
    }

    /** One cell: warm-up and measured runs, or the error that stopped it. */
    private CellResult runCell(Workload workload, List<Object> inputs, BenchKind kind, int workers)
            throws InterruptedException {
        String name = workload.name() + ": " + kind.label() + " x" + workers;
        WarmUpPolicy policy = kind == BenchKind.PROCESS ? newJvmWarmUp : warmUp;
        stepsInCell = 0;
        List<Double> samples = new ArrayList<>();
        try (Pool pool = kind == BenchKind.SERIAL ? null : startPool(kind.workerKind().orElseThrow(), workers)) {
            warmUp(name, policy, pool, workload.task(), inputs, workers);
            for (int i = 1; i <= runs; i++) {
                step(name + ", run " + i + "/" + runs);
                samples.add(timedRun(pool, workload.task(), inputs, workers));
            }
            return new CellResult(workload.name(), kind.label(), workers, samples, null);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            for (int i = stepsInCell; i < (policy.minRuns() == 0 ? 0 : 1) + runs; i++) {
                progress.step(name + ", skipped after the error");
            }
            return CellResult.failed(workload.name(), kind.label(), workers, describe(e));
        }
    }

    /** Warm-up runs until {@code policy} says they may end: one progress step, if there are any. */
    private void warmUp(String name, WarmUpPolicy policy, Pool pool, Task<Object, Object> task,
            List<Object> inputs, int workers) throws Exception {
        if (policy.minRuns() == 0) {
            return;
        }
        step(name + ", warming up");
        List<Double> rates = new ArrayList<>();
        long start = System.nanoTime();
        while (!policy.done(rates, Duration.ofNanos(System.nanoTime() - start))) {
            rates.add(timedRun(pool, task, inputs, workers));
        }
    }

    private void step(String what) {
        stepsInCell++;
        progress.step(what);
    }

    /** One run of every input, on {@code pool} or serially when it is null: tasks per second. */
    private static double timedRun(Pool pool, Task<Object, Object> task, List<Object> inputs, int workers)
            throws Exception {
        long start = System.nanoTime();
        if (pool == null) {
            runSerially(task, inputs);
        } else {
            runOnPool(pool, task, inputs, workers);
        }
        long nanos = Math.max(1, System.nanoTime() - start);
        return inputs.size() * 1e9 / nanos;
    }

    static Pool startPool(WorkerKind kind, int workers) {
        return Pool.builder().name("bench").kind(kind).workers(workers).handleSignals(false).build();
    }

    private static void runSerially(Task<Object, Object> task, List<Object> inputs) throws Exception {
        for (Object input : inputs) {
            task.run(input, null);
        }
    }

    static void runOnPool(Pool pool, Task<Object, Object> task, List<Object> inputs, int workers) {
        int chunk = Math.max(1, inputs.size() / (4 * workers));
        try (Stream<Outcome<Object>> outcomes = pool.map(task, inputs,
                MapOptions.completionOrder().chunkSize(chunk))) {
            Iterator<Outcome<Object>> it = outcomes.iterator();
            while (it.hasNext()) {
                Outcome<Object> outcome = it.next();
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
