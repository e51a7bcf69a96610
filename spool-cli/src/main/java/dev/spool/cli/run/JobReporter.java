package dev.spool.cli.run;

import java.io.IOException;
import java.nio.file.Files;

/**
 * What the run shows of each finished job, on the caller's thread, in the order the map hands the jobs
 * back: its output printed (or saved by {@code --results}), the {@code -v} line, the timeout and halt
 * warnings in GNU parallel's words, lost output reported, and its joblog line. Not thread-safe: the
 * caller's thread only.
 */
final class JobReporter {

    private final RunSettings settings;
    private final OutputPrinter printer;
    private final SlotCaptures captures;
    private final JobLog log;
    private final ResultsTable resultsTable;
    /** Whether the directory and advice for lost output were printed. */
    private boolean lostOutputExplained;

    /**
     * @param log the joblog, or null
     * @param resultsTable the {@code --results NAME.csv} table, or null
     */
    JobReporter(RunSettings settings, OutputPrinter printer, SlotCaptures captures, JobLog log,
                ResultsTable resultsTable) {
        this.settings = settings;
        this.printer = printer;
        this.captures = captures;
        this.log = log;
        this.resultsTable = resultsTable;
    }

    /** The table that {@code --results NAME.csv} (.tsv, .json) writes, or null for another target. */
    static ResultsTable openResultsTable(RunSettings settings) throws IOException {
        if (!(settings.results() instanceof ResultsTarget.Table(var file, var format))) {
            return null;
        }
        if (file == null) {
            return new ResultsTable(new java.io.FileOutputStream(java.io.FileDescriptor.out), format, false);
        }
        try {
            return new ResultsTable(new java.io.BufferedOutputStream(Files.newOutputStream(file)), format, true);
        } catch (IOException e) {
            throw new dev.spool.cli.UsageException("--results: cannot write '"
                    + dev.spool.cli.RawArgs.fromPlatform(file.toString()) + "': " + dev.spool.cli.job.IoReason.of(e), e);
        }
    }

    /**
     * Prints, saves and logs one finished job. {@code haltSeq} is the job whose end made the run halt (or -1)
     * and {@code haltLeftRunning} how many jobs were running then, for GNU parallel's "Starting no more
     * jobs" line after it.
     */
    void report(JobResult result, long haltSeq, int haltLeftRunning) throws IOException {
        if (result.outputLost()) {
            reportLostOutput(result);
            captures.release(result.stdout());
            captures.release(result.stderr());
            return;
        }
        long received = result.stdout().size();
        if (settings.output() == RunSettings.OutputMode.LINE_BUFFER_IN_ORDER) {
            received += result.stderr().size(); // GNU parallel's --line-buffer counts both streams
        }
        CapturedOutput stdout = result.stdout();
        CapturedOutput stderr = result.stderr();
        if (settings.verbose()) {
            if (!JobAttempts.verboseAtStart(settings)) {
                // GNU parallel: the command, tagged as its output is, just before the output
                printer.line(settings.tag() ? result.tag() + "\t" + result.display() : result.display());
            }
            if (settings.output() != RunSettings.OutputMode.UNGROUP) {
                received += result.display().length() + 1; // GNU parallel's Receive: the command, untagged
            }
        }
        if (settings.results() != null) {
            switch (settings.results()) {
                case ResultsTarget.Tree(var root, var columns) -> ResultsDir.save(root, columns, result);
                case ResultsTarget.Named() -> ResultsDir.saveNamed(result.job().resultsName(result.slot()), result);
                case ResultsTarget.Table t -> resultsTable.write(result, received);
                case ResultsTarget.ShellVariables(var parset) -> {
                    boolean tooFew = parset.tooFew();
                    String entry = parset.entry(result);
                    if (entry != null) {
                        printer.text(entry);
                    } else if (!tooFew) {
                        System.err.println("parset: Error: Too few named destination variables");
                    }
                    printer.printStderr(result);
                }
                case ResultsTarget.OutputFiles(var dir) -> {
                    printer.line(ResultsDir.saveToNewFile(dir, result).toString());
                    printer.printStderr(result); // GNU parallel drops it; spool loses no output
                }
            }
        } else {
            printer.print(result);
        }
        captures.release(stdout); // back to the memory budget; a spilled file is closed
        captures.release(stderr);
        if (result.timedOut()) {
            System.err.println("spool: Warning: This job was killed because it timed out:");
            System.err.println("spool: Warning: " + result.display());
        }
        HaltPolicy halt = settings.halt();
        if (halt.when() != HaltPolicy.When.NEVER && !result.killedByStop()) {
            // GNU parallel names every job that counts towards the halt condition
            String what = switch (halt.on()) {
                case FAIL -> result.succeeded() ? null : "failed";
                case SUCCESS -> result.succeeded() ? "succeeded" : null;
                case DONE -> "finished";
            };
            if (what != null) {
                System.err.println("spool: This job " + what + ":");
                System.err.println(result.display());
            }
            if (result.job().seq() == haltSeq && halt.when() == HaltPolicy.When.SOON && haltLeftRunning > 0) {
                System.err.println("spool: Starting no more jobs. Waiting for " + haltLeftRunning
                        + " jobs to finish.");
            }
        }
        if (result.killedByStop()) {
            return; // GNU parallel's rule: jobs killed by an interrupt are not logged, so --resume reruns them
        }
        if (log != null) {
            long sent = result.job().feed() == null ? 0 : result.job().feed().input().size();
            log.write(result.job().seq(), settings.placement().host(result.slot()), result.startEpochSeconds(),
                    result.runtimeSeconds(), sent, received, result.exitValue(), result.signal(), result.display());
        }
    }

    /**
     * Says that a job's output is incomplete, in GNU parallel's words, naming the job; the directory and
     * the advice once per run. On the caller's thread.
     */
    private void reportLostOutput(JobResult result) {
        System.err.println("spool: Error: Output is incomplete: job " + result.job().seq() + " ("
                + result.display() + ") could not write all of its output.");
        if (!lostOutputExplained) {
            lostOutputExplained = true;
            System.err.println("spool: Error: Cannot append to buffer file in " + captures.dir() + ".");
            System.err.println("spool: Error: Is the disk full?");
            System.err.println("spool: Error: Change $TMPDIR with --tmpdir.");
        }
    }
}
