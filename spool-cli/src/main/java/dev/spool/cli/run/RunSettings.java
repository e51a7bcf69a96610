package dev.spool.cli.run;

import dev.spool.launch.TermSequence;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the runner needs from the command line, validated.
 *
 * @param slots how many jobs run at once
 * @param keepOrder print output in input order ({@code -k})
 * @param output grouped (default), ungrouped ({@code -u}) or line-buffered
 * @param tag prefix each output line with the job's tag and a TAB
 * @param joblog where to log finished jobs, or null
 * @param joblogAppend append to the joblog instead of truncating it
 * @param retries attempts per job in all (GNU parallel's {@code --retries}; 1 means no retry)
 * @param timeout the per-job limit, or null
 * @param termSequence the signals and waits that kill a job's process group
 * @param halt when to stop early
 * @param delay the least time between job starts, or zero
 * @param dryRun print the jobs instead of running them
 * @param verbose print each command on stdout before its output ({@code -v})
 * @param trace print each command on stderr as it starts ({@code -t}, {@code --verbose})
 * @param progress show progress on stderr
 * @param tmpDir where captured output waits
 * @param results where {@code --results} saves output instead of printing it, or null
 * @param placement where each job runs: here ({@link JobPlacement#LOCAL}) or on the computer of its slot ({@code -S})
 * @param stdinTty whether jobs read the terminal ({@code --tty}, {@code --open-tty}) instead of nothing
 * @param slotVariable a variable set to the job's slot minus 1 ({@code --process-slot-var}), or null
 * @param startLimits when the machine has room to start a job ({@code --load}, {@code --memfree}, {@code --noswap})
 */
public record RunSettings(int slots, boolean keepOrder, OutputMode output, boolean tag, Path joblog,
                          boolean joblogAppend, int retries, TimeoutSpec timeout, TermSequence termSequence,
                          HaltPolicy halt, Duration delay, boolean dryRun, boolean verbose, boolean trace,
                          boolean progress,
                          Path tmpDir, ResultsTarget results, JobPlacement placement, boolean stdinTty,
                          String slotVariable, StartLimits startLimits) {

    /**
     * {@code --load}, {@code --memfree}, {@code --noswap}: see {@link StartGate}.
     *
     * @param maxLoad start only below this many running processes; 0 for no limit
     * @param memFree start only with this many bytes of memory available; 0 for no limit
     * @param noSwap start only while the machine does not swap both in and out
     */
    public record StartLimits(double maxLoad, long memFree, boolean noSwap) {
        /** No limit. */
        public static final StartLimits NONE = new StartLimits(0, 0, false);
    }

    /** These settings with {@code slots} job slots. */
    /** These settings with {@code results} for {@code --results}. */
    public RunSettings withResults(ResultsTarget results) {
        return new RunSettings(slots, keepOrder, output, tag, joblog, joblogAppend, retries, timeout, termSequence,
                halt, delay, dryRun, verbose, trace, progress, tmpDir, results, placement, stdinTty, slotVariable,
                startLimits);
    }

    public RunSettings withSlots(int slots) {
        return new RunSettings(slots, keepOrder, output, tag, joblog, joblogAppend, retries, timeout, termSequence,
                halt, delay, dryRun, verbose, trace, progress, tmpDir, results, placement, stdinTty, slotVariable,
                startLimits);
    }

    /**
     * A builder with GNU parallel's defaults: one slot, grouped output, one attempt per job, no timeout, no
     * halt, no delay, output captured in {@code /tmp}. The command line sets only what it was given, each by
     * name, rather than through seventeen positional arguments.
     */
    public static Builder builder(TermSequence termSequence) {
        return new Builder(termSequence);
    }

    /** Collects the settings by name; not thread-safe. */
    public static final class Builder {
        private int slots = 1;
        private boolean keepOrder;
        private OutputMode output = OutputMode.GROUP;
        private boolean tag;
        private Path joblog;
        private boolean joblogAppend;
        private int retries = 1;
        private TimeoutSpec timeout;
        private final TermSequence termSequence;
        private HaltPolicy halt = HaltPolicy.NEVER;
        private Duration delay = Duration.ZERO;
        private boolean dryRun;
        private boolean verbose;
        private boolean trace;
        private boolean progress;
        private Path tmpDir = Path.of("/tmp");
        private JobPlacement placement = JobPlacement.LOCAL;
        private ResultsTarget results;
        private boolean stdinTty;
        private String slotVariable;
        private StartLimits startLimits = StartLimits.NONE;

        private Builder(TermSequence termSequence) {
            this.termSequence = termSequence;
        }

        public Builder slots(int slots) {
            this.slots = slots;
            return this;
        }

        public Builder keepOrder(boolean keepOrder) {
            this.keepOrder = keepOrder;
            return this;
        }

        public Builder output(OutputMode output) {
            this.output = output;
            return this;
        }

        public Builder tag(boolean tag) {
            this.tag = tag;
            return this;
        }

        /** The joblog, or null; {@code append} to add to it instead of truncating it. */
        public Builder joblog(Path joblog, boolean append) {
            this.joblog = joblog;
            this.joblogAppend = append;
            return this;
        }

        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        public Builder timeout(TimeoutSpec timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder halt(HaltPolicy halt) {
            this.halt = halt;
            return this;
        }

        public Builder delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        public Builder verbose(boolean verbose) {
            this.verbose = verbose;
            return this;
        }

        public Builder trace(boolean trace) {
            this.trace = trace;
            return this;
        }

        public Builder progress(boolean progress) {
            this.progress = progress;
            return this;
        }

        public Builder tmpDir(Path tmpDir) {
            this.tmpDir = tmpDir;
            return this;
        }

        public Builder results(ResultsTarget results) {
            this.results = results;
            return this;
        }

        public Builder placement(JobPlacement placement) {
            this.placement = java.util.Objects.requireNonNull(placement, "placement");
            return this;
        }

        /** Jobs read {@code /dev/tty} ({@code --tty}); the caller checked that it can be opened. */
        public Builder startLimits(StartLimits startLimits) {
            this.startLimits = startLimits;
            return this;
        }

        public Builder slotVariable(String slotVariable) {
            this.slotVariable = slotVariable;
            return this;
        }

        public Builder stdinTty(boolean stdinTty) {
            this.stdinTty = stdinTty;
            return this;
        }

        public RunSettings build() {
            return new RunSettings(slots, keepOrder, output, tag, joblog, joblogAppend, retries, timeout,
                    termSequence, halt, delay, dryRun, verbose, trace, progress, tmpDir, results, placement, stdinTty,
                    slotVariable, startLimits);
        }
    }

    /** How job output reaches spool's own stdout and stderr. */
    public enum OutputMode {
        /** Each job's stdout, then its stderr, printed whole when it ends; never interleaved. */
        GROUP,
        /** Jobs write straight to spool's stdout and stderr; lines of jobs may mix. */
        UNGROUP,
        /** Whole lines as they come; lines never mix, jobs may. */
        LINE_BUFFER,
        /**
         * {@code -k --line-buffer}: each job's output in input order, as GNU parallel prints it. Captured and
         * printed as {@link #GROUP} (stdout, then stderr, when the job's turn comes); the joblog's Receive
         * counts both streams, as with {@code --line-buffer}. Unlike GNU parallel, the oldest running job's
         * lines do not appear live: they wait for its end.
         */
        LINE_BUFFER_IN_ORDER;

        /** Whether a job's output is captured and printed when it ends. */
        public boolean captured() {
            return this == GROUP || this == LINE_BUFFER_IN_ORDER;
        }
    }
}
