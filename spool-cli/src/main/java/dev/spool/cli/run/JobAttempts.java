package dev.spool.cli.run;

import dev.spool.cli.job.JobCommand;
import dev.spool.cli.job.JobFilter;
import dev.spool.cli.job.JobShell;
import dev.spool.cli.pipe.PipeFeed;
import dev.spool.launch.ExitStatus;
import dev.spool.launch.JobEnvironment;
import dev.spool.launch.JobSpec;
import dev.spool.launch.LaunchException;
import dev.spool.launch.LaunchedJob;
import dev.spool.launch.OutputCapture;
import dev.spool.launch.PosixSpawnLauncher;
import dev.spool.launch.Redirect;
import dev.spool.monitor.LatencyHistogram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * One attempt of a job: launched in its own process group with its slot's environment, its output captured
 * ({@code --group}), relayed line by line ({@code --line-buffer}) or passed through ({@code -u}), waited for
 * within its time limit, killed with {@code --termseq} past it, and turned into a {@link JobResult}.
 *
 * <p>Why the command times its jobs here and not with the pool's {@code taskTimeout}: {@code --timeout
 * N%} sets each job's limit from the median runtime of the jobs that succeeded so far, so the limit changes
 * during the run, where the pool's is fixed when it is built; and a timed-out job is still a result (its
 * output is printed, the joblog says Exitval -1), not an outcome without a value. The worker waits for its
 * job with {@code waitFor(limit)} in any case, so a pool timer would add a thread and an interrupt for
 * nothing. Thread-safe: every pool worker runs its attempts here.
 */
final class JobAttempts {

    private static final int SIGKILL = 9;
    /** {@code $PARALLEL_PID} for every job: spool's own process id, as GNU parallel gives its own. */
    private static final String PID = Long.toString(ProcessHandle.current().pid());
    /** The jobs' environment when {@code $PARALLEL_ENV} is set (its code runs in their lines); else null. */
    private static final JobEnvironment WITHOUT_PARALLEL_ENV = System.getenv(JobShell.PARALLEL_ENV) == null ? null
            : JobEnvironment.inherit().without(JobShell.PARALLEL_ENV);
    /** How often a job under {@code --timeout N%} is checked against the limit of the moment. */
    private static final Duration MEDIAN_RECHECK = Duration.ofMillis(100);

    private final RunSettings settings;
    private final PosixSpawnLauncher launcher;
    private final SlotCaptures captures;
    private final RunningJobs running;
    private final BiConsumer<Long, LaunchedJob> onRegistered;
    private final Runnable onOutputClosed;
    /** Runtimes of the jobs that succeeded, for {@code --timeout N%}. */
    private final LatencyHistogram runtimes = new LatencyHistogram();

    /**
     * @param onOutputClosed called, from a {@code --line-buffer} relay's thread, when spool's stdout or stderr
     *     is a pipe whose reader has gone
     * @param onRegistered called with each job once it is among the running ones, before its worker waits
     *     for it: a stop that came before it kills it there
     */
    /** Null for none; written before the run's workers start (the pool's start publishes it). */
    private JobFilter filter;

    JobAttempts(RunSettings settings, PosixSpawnLauncher launcher, SlotCaptures captures, RunningJobs running,
                BiConsumer<Long, LaunchedJob> onRegistered, Runnable onOutputClosed) {
        this.onOutputClosed = onOutputClosed;
        this.settings = settings;
        this.launcher = launcher;
        this.captures = captures;
        this.running = running;
        this.onRegistered = onRegistered;
    }

    /** {@code --filter}: jobs it turns down end as skipped; set before the run starts. */
    void filter(JobFilter filter) {
        this.filter = filter;
    }

    /** Counts a succeeded job's runtime towards the median that {@code --timeout N%} is a percentage of. */
    void succeeded(JobResult result) {
        runtimes.record((long) (result.runtimeSeconds() * 1e9));
    }

    /** Runs one attempt of {@code job} in {@code slot}, to its end, and returns its result. */
    JobResult run(PlannedJob job, int slot) throws IOException, InterruptedException {
        JobCommand command = job.command(slot);
        JobFilter jobFilter = filter;
        if (command.skipped() || jobFilter != null && job.args() != null && !jobFilter.accepts(job.args(), slot)) {
            return JobResult.skipped(job, slot, command.display(), settings.tag() ? job.tag(slot) : null);
        }
        if (job.files() == null) {
            return launch(job, slot, command);
        }
        List<java.nio.file.Path> written = job.files().write(job.args(), slot, settings.placement().directory(job, slot));
        try {
            return launch(job, slot, command);
        } finally {
            if (job.files().cleanup()) {
                dev.spool.cli.job.FileTemplates.remove(written);
            }
        }
    }

    /** Launches {@code command} and waits for it to end. */
    private JobResult launch(PlannedJob job, int slot, JobCommand command) throws IOException, InterruptedException {
        boolean grouped = settings.output().captured();
        boolean lineBuffered = settings.output() == RunSettings.OutputMode.LINE_BUFFER;
        OutputCapture[] capture = grouped ? captures.of(slot) : null;
        PipeFeed feed = job.feed();
        if (feed != null && feed.delivery() != PipeFeed.Delivery.STDIN) {
            BlockFeeder.prepare(feed); // --cat: the file, --fifo: the named pipe, before the job can open it
        }
        String tag = settings.tag() ? job.tag(slot) : null;
        long fullBefore = grouped ? captures.timesFull() : 0;
        java.nio.file.Path directory = settings.placement().directory(job, slot);
        JobSpec.Builder builder = JobSpec.builder(settings.placement().place(command, job, slot).argv());
        if (WITHOUT_PARALLEL_ENV != null) {
            builder.environment(WITHOUT_PARALLEL_ENV); // its code is in the job's line; as GNU parallel
        }
        if (directory != null) {
            builder.directory(directory);
        }
        if (settings.slotVariable() != null) {
            builder.env(settings.slotVariable(), Integer.toString(slot - 1)); // GNU parallel: slot number - 1
        }
        JobSpec spec = builder
                .env("PARALLEL_SEQ", Long.toString(job.seq()))
                .env("PARALLEL_JOBSLOT", Integer.toString(slot))
                .env("PARALLEL_PID", PID)
                .env("SPOOL_SEQ", Long.toString(job.seq()))
                .env("SPOOL_SLOT", Integer.toString(slot))
                .stdin(feed != null && feed.delivery() == PipeFeed.Delivery.STDIN ? Redirect.PIPE
                        : settings.stdinTty() ? Redirect.fromFile(java.nio.file.Path.of("/dev/tty")) : Redirect.NULL)
                .stdout(grouped ? capture[0].redirect() : lineBuffered ? Redirect.PIPE : Redirect.INHERIT)
                .stderr(grouped ? capture[1].redirect() : lineBuffered ? Redirect.PIPE : Redirect.INHERIT)
                .build();
        if (settings.trace()) {
            System.err.println(command.display()); // -t: as the job starts, as GNU parallel prints it
        }
        if (settings.verbose() && verboseAtStart(settings)) {
            // -v with -u or --line-buffer: GNU parallel prints the command as the job starts, before its
            // output (tagged with --line-buffer, not with -u, whose output is never tagged)
            String line = (lineBuffered && tag != null ? tag + "\t" : "") + command.display() + "\n";
            synchronized (LineRelay.STDOUT) {
                LineRelay.STDOUT.write(line.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        long startWall = System.currentTimeMillis();
        long start = System.nanoTime();
        LaunchedJob launched;
        try {
            launched = launcher.launch(spec);
        } catch (LaunchException e) {
            if (feed != null && feed.file() != null) {
                java.nio.file.Files.deleteIfExists(feed.file()); // --cat, --fifo: no job will read it
            }
            return notLaunched(job, slot, command.display(), tag, e, startWall, start);
        }
        var relayed = new java.util.concurrent.atomic.AtomicLong();
        Thread[] relays = new Thread[lineBuffered ? 2 : 0];
        try {
            if (lineBuffered) {
                relays[0] = LineRelay.start("spool-out-" + job.seq(), launched.stdout(), LineRelay.STDOUT, tag, relayed,
                        onOutputClosed);
                relays[1] = LineRelay.start("spool-err-" + job.seq(), launched.stderr(), LineRelay.STDERR, tag, relayed,
                        onOutputClosed);
            }
        } catch (OutOfMemoryError e) {
            launched.signalGroup(SIGKILL); // no relay, no job: its output would block it
            launched.waitFor();
            throw e;
        }
        running.add(job.seq(), launched);
        onRegistered.accept(job.seq(), launched); // a stop that came first kills it now
        Thread feeder = feed == null || feed.delivery() == PipeFeed.Delivery.CAT ? null
                : BlockFeeder.start("spool-in-" + job.seq(), feed, launched);
        boolean timedOut = false;
        boolean byStop;
        ExitStatus status;
        try {
            var ended = waitWithinLimit(launched, start);
            if (ended.isPresent()) {
                status = ended.get();
            } else {
                timedOut = true;
                settings.termSequence().apply(launched);
                status = launched.waitFor();
            }
        } finally {
            byStop = running.remove(job.seq());
        }
        for (Thread relay : relays) {
            relay.join(); // the pipe ends when the job and everything it started have closed it
        }
        if (feed != null) {
            BlockFeeder.finish(feeder, feed);
        }
        double runtime = (System.nanoTime() - start) / 1e9;
        // GNU parallel logs a timed-out job with Exitval -1
        int exit = timedOut ? -1 : status instanceof ExitStatus.Exited(int code) ? code : 0;
        int signal = status instanceof ExitStatus.Killed(int sig, boolean core) ? sig : 0;
        boolean lost = grouped && CaptureSpace.sawFull(fullBefore, captures.checkpoint());
        CapturedOutput out = grouped ? captures.take(slot, 0)
                : lineBuffered ? new CapturedOutput(new byte[0], null, relayed.get()) : CapturedOutput.NONE;
        CapturedOutput err = grouped ? captures.take(slot, 1) : CapturedOutput.NONE;
        return new JobResult(job, command.display(), tag, startWall / 1000.0, runtime, exit, signal, out, err, byStop,
                timedOut, lost, slot, false);
    }

    /** Whether {@code -v} prints a job's command as it starts (output not grouped), not with its output. */
    static boolean verboseAtStart(RunSettings settings) {
        return settings.output() == RunSettings.OutputMode.UNGROUP
                || settings.output() == RunSettings.OutputMode.LINE_BUFFER;
    }

    /** A command that cannot start is a failed job with the shell's status: 127 not found, 126 not executable. */
    private JobResult notLaunched(PlannedJob job, int slot, String display, String tag, LaunchException e, long startWall,
                                  long start) {
        byte[] message = ("spool: " + e.getMessage() + "\n").getBytes(StandardCharsets.ISO_8859_1);
        CapturedOutput err = captures.hold(message);
        return new JobResult(job, display, tag, startWall / 1000.0, (System.nanoTime() - start) / 1e9,
                e.failure().shellStatus(), 0, CapturedOutput.NONE, err, false, false, false, slot, false);
    }

    /**
     * Waits for {@code launched} (started at {@code start}, {@link System#nanoTime()}) to end within its
     * time limit; empty when the limit passed first. A fixed limit is one wait. A percentage of the median
     * changes while the job runs (it is unknown until 3 jobs have succeeded, then moves with the median),
     * so the job's runtime is checked against the limit of the moment every {@link #MEDIAN_RECHECK}, as
     * GNU parallel checks its running jobs: a job started before the median was known is still limited.
     */
    private Optional<ExitStatus> waitWithinLimit(LaunchedJob launched, long start)
            throws InterruptedException {
        TimeoutSpec timeout = settings.timeout();
        if (timeout == null) {
            return Optional.of(launched.waitFor());
        }
        if (timeout.fixed() != null) {
            return launched.waitFor(timeout.fixed());
        }
        while (true) {
            Duration limit = timeLimit();
            Duration slice = MEDIAN_RECHECK;
            if (limit != null) {
                Duration left = limit.minusNanos(System.nanoTime() - start);
                if (left.isNegative() || left.isZero()) {
                    return launched.exitStatus(); // empty while it runs: it timed out
                }
                slice = left.compareTo(slice) < 0 ? left : slice;
            }
            var ended = launched.waitFor(slice);
            if (ended.isPresent()) {
                return ended;
            }
        }
    }

    /** The time limit for the next job: fixed, or a percentage of the median runtime so far. */
    private Duration timeLimit() {
        TimeoutSpec timeout = settings.timeout();
        if (timeout == null) {
            return null;
        }
        if (timeout.fixed() != null) {
            return timeout.fixed();
        }
        if (runtimes.count() < 3) {
            return null;
        }
        long median = runtimes.percentile(50).toNanos();
        return Duration.ofNanos((long) Math.max(1_000_000, median * timeout.percentOfMedian() / 100.0));
    }
}
