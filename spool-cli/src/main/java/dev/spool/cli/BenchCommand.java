package dev.spool.cli;

import dev.spool.cli.bench.BenchArguments;
import dev.spool.cli.bench.BenchKind;
import dev.spool.cli.bench.BenchReport;
import dev.spool.cli.bench.CellResult;
import dev.spool.cli.bench.Comparison;
import dev.spool.cli.bench.JavaMatrix;
import dev.spool.cli.bench.Progress;
import dev.spool.cli.bench.PythonVs;
import dev.spool.cli.bench.ResultTable;
import dev.spool.cli.bench.ShellBench;
import dev.spool.cli.bench.ShellWorkload;
import dev.spool.cli.bench.SvgChart;
import dev.spool.cli.bench.Workload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spool bench}: measures built-in Java workloads across worker kinds and counts, or the user's shell
 * command across {@code -j} values, and recommends the fastest. Exit 0 when every cell was measured, 1 when
 * some cell failed (the report is complete otherwise), 255 for bad input.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures throughput across worker kinds and counts, and recommends the fastest.",
                "  spool bench [options]                    built-in Java workloads",
                "  spool bench [options] -- cmd {} ::: vals  a shell command at several -j",
                "Exit: 0 every cell measured; 1 some cell failed (error in the table); 255 bad input."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "3", paramLabel = "N", description = "Measured runs per cell (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "1", paramLabel = "N", description = "Warm-up runs per cell, at least"
            + " (default ${DEFAULT-VALUE}); Java workloads warm up until the rate levels off, after a shared pass"
            + " over every workload and kind. 0: no warm-up.")
    int warmup;

    @Option(names = "--tasks", paramLabel = "N", description = "Tasks per run (default: per workload, "
            + "cpu 400, sleep 100, tiny 20000, mixed 100, --task 1000; at least 4 per worker).")
    String tasks;

    @Option(names = "--kinds", defaultValue = "serial,platform,virtual,process", paramLabel = "KIND,...",
            description = "Worker kinds (default ${DEFAULT-VALUE}).")
    String kinds;

    @Option(names = "--workers", paramLabel = "N,N,...", description = "Worker counts, or -j values for a "
            + "command (default 1,2,4 and twice the CPUs; virtual threads also 16, 64 and 256).")
    String workers;

    @Option(names = "--workloads", defaultValue = "cpu,sleep,tiny,mixed", paramLabel = "NAME,...",
            description = "Built-in workloads (default ${DEFAULT-VALUE}).")
    String workloads;

    @Option(names = "--task", paramLabel = "CLASS", description = "Measure your own task instead of the built-in"
            + " workloads: a public class implementing dev.spool.pool.Task with a public no-argument constructor,"
            + " on spool's class path (SPOOL_CLASSPATH=your.jar). Inputs: 0, 1, 2, ... (Integer, Long or"
            + " String, as the task takes them; 1000 per run) or the lines of --inputs.")
    String task;

    @Option(names = "--inputs", paramLabel = "FILE", description = "With --task: the task's inputs, one per"
            + " line; a run takes them all (or --tasks of them, in turn).")
    Path inputsFile;

    @Option(names = "--sleep", defaultValue = "2ms", paramLabel = "DURATION",
            description = "The wait of the sleep and mixed workloads (default ${DEFAULT-VALUE}).")
    String sleep;

    @Option(names = "--vs", description = "Also run xargs -P and GNU parallel (a command), or Python's "
            + "multiprocessing (Java workloads), alternating with spool, and print the ratios.")
    boolean vs;

    @Option(names = "--json", paramLabel = "FILE", description = "Write every raw sample, the machine and the command.")
    Path json;

    @Option(names = "--chart", paramLabel = "FILE.svg", description = "Draw throughput against workers, per kind.")
    Path chart;

    @Parameters(paramLabel = "COMMAND", description = "After --: a command template and its ::: inputs.")
    List<String> command = new ArrayList<>();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** How many {@code true} jobs the shell part of a bare {@code --vs} runs per measurement. */
    private static final int TINY_SHELL_JOBS = 500;

    /** Spool's cell against each other tool's cell of the same worker count, where both succeeded. */
    private static List<Comparison> compare(List<CellResult> cells) {
        List<Comparison> comparisons = new ArrayList<>();
        for (CellResult spool : cells) {
            if (!spool.kind().startsWith("spool") || !spool.succeeded()) {
                continue;
            }
            cells.stream().filter(c -> !c.kind().startsWith("spool") && c.workers() == spool.workers()
                            && c.workload().equals(spool.workload()) && c.succeeded())
                    .forEach(other -> comparisons.add(Comparison.of(spool, other)));
        }
        return comparisons;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchArguments.count("--runs", runs, 1);
        BenchArguments.count("--warmup", warmup, 0);
        int cpus = Runtime.getRuntime().availableProcessors();
        List<Integer> workerCounts = workers == null ? BenchArguments.defaultWorkers(cpus)
                : BenchArguments.workers(workers);
        Integer taskCount = tasks == null ? null : BenchArguments.positiveInt("--tasks", tasks);
        Duration sleepFor = BenchArguments.duration("--sleep", sleep);
        List<BenchKind> kindList = BenchArguments.kinds(kinds);
        List<String> workloadNames = BenchArguments.workloads(workloads);
        if (inputsFile != null && task == null) {
            throw new UsageException("bench: --inputs needs --task CLASS");
        }
        List<Workload> workloadList = new ArrayList<>();
        if (task != null) {
            if (!command.isEmpty()) {
                throw new UsageException("bench: --task measures a Java task; it cannot be given with a command");
            }
            if (!spec.commandLine().getParseResult().hasMatchedOption("--workloads")) {
                workloadNames = List.of(); // your task only, unless built-ins are asked for too
            }
            workloadList.add(Workload.ofClass(task, inputsFile == null ? null : BenchArguments.lines(inputsFile)));
        }
        for (String name : workloadNames) {
            workloadList.add(Workload.builtIn(name, sleepFor));
        }

        var progress = new Progress(err, System.console() != null);
        List<CellResult> all = new ArrayList<>();
        List<CellResult> charted = new ArrayList<>();
        List<String> recommendations = new ArrayList<>();
        List<Comparison> comparisons = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!command.isEmpty()) {
            var shell = new ShellBench(ShellWorkload.parse(command), runs, warmup, progress);
            progress.plan(shell.plannedRuns(workerCounts, vs));
            all.addAll(shell.run(workerCounts, vs, notes));
            charted.addAll(all);
            List<CellResult> spoolCells = all.stream().filter(c -> c.kind().equals("spool -j")).toList();
            recommendations.add("command: " + ResultTable.recommend(spoolCells).describe("jobs/s"));
            comparisons.addAll(compare(all));
        } else {
            var matrix = new JavaMatrix(runs, warmup, progress);
            if (workers == null) {
                matrix.virtualWorkers(BenchArguments.defaultVirtualWorkers(cpus));
            }
            // Tiny shell jobs too under --vs, so that one `spool bench --vs` compares both faces of Spool.
            List<String> tinyJobs = new ArrayList<>(List.of("true", ":::"));
            for (int i = 1; i <= TINY_SHELL_JOBS; i++) {
                tinyJobs.add(Integer.toString(i));
            }
            ShellBench tinyShell = vs ? new ShellBench(ShellWorkload.parse(tinyJobs), runs, warmup, progress) : null;
            progress.plan(matrix.plannedRuns(kindList, workerCounts, workloadList.size())
                    + (vs ? PythonVs.plannedRuns(runs, warmup) + tinyShell.plannedRuns(List.of(cpus), true) : 0));
            List<CellResult> cells = matrix.run(workloadList,
                    taskCount == null ? OptionalInt.empty() : OptionalInt.of(taskCount), kindList, workerCounts);
            all.addAll(cells);
            charted.addAll(cells);
            for (Workload workload : workloadList) {
                String name = workload.name();
                List<CellResult> ofWorkload = cells.stream().filter(c -> c.workload().equals(name)).toList();
                recommendations.add(name + ": " + ResultTable.recommend(ofWorkload).describe("tasks/s"));
            }
            if (vs) {
                int n = taskCount == null ? Workload.builtIn("tiny", sleepFor).defaultTasks() : taskCount;
                List<CellResult> pair = PythonVs.run(n, cpus, runs, warmup, progress, notes);
                all.addAll(pair);
                comparisons.addAll(compare(pair));
                List<CellResult> shellCells = tinyShell.run(List.of(cpus), true, notes);
                all.addAll(shellCells);
                comparisons.addAll(compare(shellCells));
            }
        }
        progress.finish();
        String warmUpText = !command.isEmpty() ? warmup + " warm-up"
                : warmup == 0 ? "no warm-up"
                : "warm-up until the rate levels off (after a shared pass; " + JavaMatrix.WARM_UP_TIME.toMillis()
                        + " ms at least per JVM)";
        out.printf("spool bench: %s; %s + %d measured runs per cell%n", BenchReport.machineLine(), warmUpText, runs);
        if (command.isEmpty() && java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                .stream().anyMatch(a -> a.startsWith("-XX:TieredStopAtLevel"))) {
            out.println("note: this JVM runs with -XX:TieredStopAtLevel (bin/spool's quick start-up), so CPU-bound"
                    + " serial/platform/virtual cells run C1 code; process workers run in default JVMs");
        }
        ResultTable.print(out, all, command.isEmpty() ? "tasks/s" : "jobs/s");
        out.println();
        notes.forEach(note -> out.println("note: " + note));
        comparisons.forEach(c -> out.println("ratio: " + c.describe()));
        recommendations.forEach(out::println);
        out.flush();
        var settings = new LinkedHashMap<String, Object>();
        settings.put("runs", runs);
        settings.put("warmup", warmup);
        settings.put("workers", workerCounts);
        settings.put("kinds", command.isEmpty() ? kindList.stream().map(BenchKind::label).toList() : List.of());
        settings.put("workloads", command.isEmpty() ? workloadList.stream().map(Workload::name).toList()
                : List.of("command"));
        settings.put("task", task);
        settings.put("tasks", taskCount);
        settings.put("sleep", sleep);
        settings.put("vs", vs);
        settings.put("shellCommand", command);
        List<String> commandLine = new ArrayList<>(List.of("spool"));
        commandLine.addAll(spec.commandLine().getParseResult().originalArgs());
        var report = new BenchReport(Instant.now(), commandLine, settings, all, comparisons, notes, recommendations);
        if (json != null) {
            report.writeJson(json);
            err.println("spool bench: wrote " + json);
        }
        if (chart != null) {
            SvgChart.write(chart, command.isEmpty() ? "spool bench: throughput against workers"
                            : "spool bench: " + String.join(" ", ShellWorkload.parse(command).template()),
                    BenchReport.machineLine(), charted,
                    command.isEmpty() ? "tasks/s" : "jobs/s");
            err.println("spool bench: wrote " + chart);
        }
        err.flush();
        return all.stream().allMatch(CellResult::succeeded) ? ExitCodes.OK : 1;
    }
}
