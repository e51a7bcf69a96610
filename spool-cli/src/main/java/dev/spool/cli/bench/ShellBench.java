package dev.spool.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures the user's shell workload: {@code spool run -j N} for each worker count and, with {@code --vs},
 * {@code xargs -P N} and GNU parallel {@code -j N} in the same rounds. A sample is jobs per second of one
 * whole run, start-up of the tool included, as the user would see it.
 */
public final class ShellBench {

    /* Implementation notes
     *
     * Spool is run as a child JVM started like bin/spool does (same JVM options, the jar's AOT cache when
     * there is one), not in-process: the run command writes to this process's stdout, installs signal
     * handlers and keeps state, and a child measures what a user of `spool -j N` actually waits for,
     * start-up included, the same way xargs and parallel are measured. The jobs' output is discarded.
     *
     * Rounds alternate the tools: warm-up runs of each, then for each measured run i: spool, xargs,
     * parallel, so a drift of the machine hurts all alike; sample i of each tool forms the pairs of the
     * ratios. A tool whose run fails stops its own cell (error shown); the others go on.
     */

    /** The tools, in the order they run within a round. */
    public static final List<String> TOOLS = List.of("spool -j", "xargs -P", "parallel -j");

    private final ShellWorkload workload;
    private final int runs;
    private final int warmup;
    private final Progress progress;
    private final Path scratch;

    public ShellBench(ShellWorkload workload, int runs, int warmup, Progress progress) throws IOException {
        this.workload = workload;
        this.runs = runs;
        this.warmup = warmup;
        this.progress = progress;
        this.scratch = Files.createTempFile("spool-bench", ".stderr");
        scratch.toFile().deleteOnExit();
    }

    /** The command lines of each tool at {@code -j n}; a tool that cannot run maps to empty with a reason. */
    public Map<String, ShellWorkload.Either> commands(int n, boolean vs) {
        Map<String, ShellWorkload.Either> commands = new LinkedHashMap<>();
        commands.put("spool -j", new ShellWorkload.Either(Optional.of(spoolCommand(n)), null));
        if (vs) {
            commands.put("xargs -P", onPath("xargs") ? workload.xargs(n)
                    : ShellWorkload.Either.skip("xargs not installed, skipped"));
            if (onPath("parallel")) {
                List<String> parallel = new ArrayList<>(List.of("parallel", "--will-cite", "-j", String.valueOf(n)));
                parallel.addAll(workload.words());
                commands.put("parallel -j", new ShellWorkload.Either(Optional.of(parallel), null));
            } else {
                commands.put("parallel -j", ShellWorkload.Either.skip("GNU parallel not installed, skipped"));
            }
        }
        return commands;
    }

    /** Runs every tool at every worker count; returns one cell per tool and count that could run. */
    public List<CellResult> run(List<Integer> workerCounts, boolean vs, List<String> notes)
            throws InterruptedException {
        List<CellResult> cells = new ArrayList<>();
        for (int n : workerCounts) {
            Map<String, ShellWorkload.Either> commands = commands(n, vs);
            Map<String, List<Double>> samples = new LinkedHashMap<>();
            Map<String, String> errors = new LinkedHashMap<>();
            commands.forEach((tool, either) -> {
                if (either.command().isPresent()) {
                    samples.put(tool, new ArrayList<>());
                } else if (!notes.contains(tool + ": " + either.skipped())) {
                    notes.add(tool + ": " + either.skipped());
                }
            });
            for (int i = 0; i < warmup + runs; i++) {
                boolean measured = i >= warmup;
                for (String tool : samples.keySet()) {
                    String step = "command: " + tool + n + (measured ? ", run " + (i - warmup + 1) + "/" + runs
                            : ", warm-up " + (i + 1) + "/" + warmup);
                    progress.step(errors.containsKey(tool) ? step + ", skipped after the error" : step);
                    if (errors.containsKey(tool)) {
                        continue;
                    }
                    try {
                        double rate = timeOnce(tool, commands.get(tool).command().orElseThrow());
                        if (measured) {
                            samples.get(tool).add(rate);
                        }
                    } catch (IOException | RunFailedException e) {
                        errors.put(tool, e.getMessage());
                    }
                }
            }
            samples.forEach((tool, list) -> cells.add(errors.containsKey(tool)
                    ? CellResult.failed("command", tool, n, errors.get(tool))
                    : new CellResult("command", tool, n, list, null)));
        }
        return cells;
    }

    /** How many runs {@link #run} reports to the progress line. */
    public int plannedRuns(List<Integer> workerCounts, boolean vs) {
        int total = 0;
        for (int n : workerCounts) {
            total += (int) commands(n, vs).values().stream().filter(e -> e.command().isPresent()).count()
                    * (warmup + runs);
        }
        return total;
    }

    private double timeOnce(String tool, List<String> command)
            throws IOException, InterruptedException, RunFailedException {
        var builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(scratch.toFile());
        builder.redirectInput(tool.startsWith("xargs") ? ProcessBuilder.Redirect.PIPE
                : ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long start = System.nanoTime();
        Process process = builder.start();
        if (tool.startsWith("xargs")) {
            try (var in = process.getOutputStream()) {
                in.write(workload.xargsInput());
            }
        }
        int exit = process.waitFor();
        long nanos = Math.max(1, System.nanoTime() - start);
        if (exit != 0) {
            String stderr = Files.readString(scratch, StandardCharsets.ISO_8859_1).strip();
            String last = stderr.isEmpty() ? "" : ": " + stderr.lines().reduce((a, b) -> b).orElse("");
            throw new RunFailedException(tool.split(" ")[0] + " exited with " + exit + last);
        }
        return workload.jobs() * 1e9 / nanos;
    }

    /** {@code spool -j n WORDS} in a child JVM started like bin/spool starts it. */
    List<String> spoolCommand(int n) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "--enable-native-access=ALL-UNNAMED", "-Xlog:aot=off", "-Xlog:cds=off"));
        String classPath = System.getProperty("java.class.path");
        Path aot = Path.of(classPath).resolveSibling("spool.aot");
        if (classPath.endsWith("spool.jar") && Files.isRegularFile(aot)) {
            command.add("-XX:AOTCache=" + aot);
        }
        command.addAll(List.of("-cp", classPath, "dev.spool.cli.Main", "-j", String.valueOf(n)));
        command.addAll(workload.words());
        return command;
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** A run of a tool exited non-zero. */
    static final class RunFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        RunFailedException(String message) {
            super(message);
        }
    }
}
