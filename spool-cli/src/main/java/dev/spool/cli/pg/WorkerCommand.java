package dev.spool.cli.pg;

import dev.spool.cli.DelayConverter;
import dev.spool.cli.ExitCodes;
import dev.spool.cli.HaltPolicyConverter;
import dev.spool.cli.JobSlotsConverter;
import dev.spool.cli.RawArgs;
import dev.spool.cli.TimeoutSpecConverter;
import dev.spool.cli.UsageException;
import dev.spool.cli.run.HaltPolicy;
import dev.spool.cli.run.JobSlots;
import dev.spool.cli.run.LinePrefixingOutputStream;
import dev.spool.cli.run.TimeoutSpec;
import dev.spool.launch.PosixSpawnLauncher;
import dev.spool.pool.Pool;
import dev.spool.pool.RetryPolicy;
import dev.spool.postgres.PgQueue;
import dev.spool.postgres.PgSettings;
import dev.spool.postgres.PgWorker;
import dev.spool.stop.ShutdownSignals;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spool worker}: runs the command-line jobs of PostgreSQL queues, {@code -j} at once, until stopped
 * (or, with {@code --drain}, until the queues have no unfinished job). Jobs are claimed, leased, rescued and
 * fenced by {@link PgWorker}; each runs through {@link CommandJobTask}. Each finished attempt's output is
 * printed here as a local run prints it (grouped, {@code --tag}), and recorded in the table.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the jobs that spool --queue NAME put in a PostgreSQL queue, several at once.",
                "Exit: 0 when stopped with every job run here succeeded; 1-100 that many jobs failed for good"
                        + " here; 101 more; with --halt, as a local run; 255 error or SIGINT/SIGTERM."})
public final class WorkerCommand implements Callable<Integer>, ShutdownSignals.Target {

    /*
     * Implementation notes.
     *
     * Threads: the caller's thread starts the PgWorker and waits for it (with --drain, it also polls the
     * queues' unfinished count). Pool threads run attempts (CommandJobTask) and report each to finished(),
     * which prints under `printLock` and counts for --halt under `haltLock`. Signal handler threads only
     * set flags and call PgWorker.stop().
     *
     * Stopping: a graceful stop (first SIGINT/SIGTERM, SIGHUP, halt soon, --drain done) sets `graceful`
     * and stops the PgWorker: it claims nothing more, releases claimed jobs not started, and requests the
     * running jobs' stop tokens, which the task ignores while `graceful` and not `killNow`: they finish.
     * An immediate stop (second SIGINT/SIGTERM, halt now) sets `killNow`: each running job is killed with
     * its --termseq within 100 ms, and its attempt is recorded as failed (retried if attempts remain).
     * A stop token requested while neither flag is set is a lost lease or a cancel: the job is killed.
     */

    @Mixin
    PgOptions db = new PgOptions();

    @Option(names = "--queue", paramLabel = "NAME", required = true, split = ",",
            description = "The queue(s) to serve (repeatable, or comma-separated).")
    List<String> queues = new ArrayList<>();

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", converter = JobSlotsConverter.class,
            description = "Jobs at once: N, +N, -N, N%% of CPUs. Default: one per CPU.")
    JobSlots jobs = JobSlots.ONE_PER_CPU;

    @Option(names = "--tag", description = "Prefix each output line with the job's input values and a TAB.")
    boolean tag;

    @Option(names = "--timeout", paramLabel = "SECS", converter = TimeoutSpecConverter.class,
            description = "Kill a job after SECS, unless it was enqueued with its own --timeout.")
    TimeoutSpec timeout;

    @Option(names = {"--halt", "--halt-on-error"}, paramLabel = "WHEN,WHY=N", converter = HaltPolicyConverter.class,
            description = "Stop this worker early: now|soon,fail|success|done=N (counted on this worker).")
    HaltPolicy halt = HaltPolicy.NEVER;

    @Option(names = "--drain", description = "Exit once the queues have no available or running job.")
    boolean drain;

    @Option(names = "--lease", paramLabel = "SECS", converter = DelayConverter.class, defaultValue = "15",
            description = "A job's lease, extended while it runs; a dead worker's jobs run again this long after."
                    + " Default: ${DEFAULT-VALUE} s.")
    Duration lease;

    @Option(names = "--retry-delay", paramLabel = "SECS", converter = DelayConverter.class, defaultValue = "1",
            description = "The wait before a failed job's next attempt, doubling each time (at most 10 min)."
                    + " Default: ${DEFAULT-VALUE} s.")
    Duration retryDelay;

    @Option(names = {"--tmpdir", "--tempdir"}, paramLabel = "DIR",
            description = "Where output is captured (default $TMPDIR or /tmp).")
    String tmpdir;

    private final Object printLock = new Object();
    private final Object haltLock = new Object();
    private final OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    private final OutputStream stderr = new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), 1 << 16);
    private volatile PgWorker worker;
    private volatile boolean graceful;
    private volatile boolean killNow;
    private final AtomicBoolean stoppedBySignal = new AtomicBoolean();
    /** Guarded by haltLock. */
    private long succeeded;
    /** Guarded by haltLock. */
    private long failed;
    /** The exit status fixed when --halt fired, or -1; guarded by haltLock. */
    private int haltStatus = -1;

    @Override
    public Integer call() throws Exception {
        ShutdownSignals.installOverridingIgnored();
        ShutdownSignals.exitAfterStop(false);
        int slots = jobs.resolve(Runtime.getRuntime().availableProcessors());
        if (slots < 1) {
            throw new UsageException("-j: a worker runs at least one job at once");
        }
        if (timeout != null && timeout.fixed() == null) {
            throw new UsageException("--timeout: a worker needs a time, not a percentage of the median");
        }
        if (halt.percent() > 0) {
            throw new UsageException("--halt: a worker does not know the total number of jobs; give a count, not a"
                    + " percentage");
        }
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new UsageException("--lease: at least 1 second");
        }
        queues.forEach(QueueNames::check);
        String tmp = tmpdir != null ? tmpdir : System.getenv().getOrDefault("TMPDIR", "/tmp");
        Path tmpDir = Path.of(RawArgs.toPlatform(tmp.isEmpty() ? "/tmp" : tmp));
        Files.createDirectories(tmpDir);
        PgSettings settings = db.settings();
        try (PgQueue queue = PgQueue.open(settings)) {
            long known = 0;
            for (String name : queues) {
                known += queue.counts(name).values().stream().mapToLong(Long::longValue).sum();
            }
            if (known == 0) {
                System.err.println("spool: queue " + String.join(",", queues) + " has no jobs in schema "
                        + settings.schema() + " at " + settings.redactedUrl()
                        + (drain ? "; nothing to do" : "; waiting for some"));
                if (drain) {
                    return ExitCodes.OK;
                }
            }
            var task = new CommandJobTask(PosixSpawnLauncher.guarded(), tmpDir,
                    timeout == null ? null : timeout.fixed(), hostName(), () -> killNow || !graceful, this::finished);
            Pool pool = Pool.builder().name("spool-worker").workers(slots).handleSignals(false).build();
            ShutdownSignals.register(this);
            try {
                worker = PgWorker.builder(queue, pool)
                        .queues(queues.toArray(String[]::new))
                        .task(QueuedCommand.TASK, task, new QueuedCommandCodec(), new CommandResultCodec())
                        .lease(lease)
                        .backoff(RetryPolicy.attempts(Integer.MAX_VALUE).backoff(retryDelay, 2.0, Duration.ofMinutes(10)))
                        .start();
                if (graceful) {
                    worker.stop(); // a signal came while the worker was starting: stopGracefully saw none
                }
                if (drain) {
                    awaitDrained(queue);
                }
                while (!worker.awaitTermination(Duration.ofHours(1))) {
                    // a worker serves until stopped
                }
            } finally {
                ShutdownSignals.unregister(this);
                task.close();
                stdout.flush();
                stderr.flush();
            }
        }
        if (stoppedBySignal.get()) {
            return ExitCodes.ERROR;
        }
        synchronized (haltLock) {
            return haltStatus >= 0 ? haltStatus : ExitCodes.forFailures(failed);
        }
    }

    /** Waits until no served queue has an unfinished job (none left anywhere), then stops the worker. */
    private void awaitDrained(PgQueue queue) throws Exception {
        while (!worker.isTerminated()) {
            long unfinished = 0;
            for (String name : queues) {
                unfinished += queue.unfinished(name);
            }
            if (unfinished == 0 && worker.inHand() == 0) {
                stopGracefully();
                return;
            }
            worker.awaitTermination(Duration.ofMillis(250));
        }
    }

    private void stopGracefully() {
        graceful = true;
        PgWorker w = worker;
        if (w != null) {
            w.stop();
        }
    }

    /** Prints a finished attempt's output, as a local run does, and counts a job's last attempt for --halt. */
    private void finished(QueuedCommand command, CommandResult result, boolean lastAttempt, int attempt) {
        synchronized (printLock) {
            try {
                String prefix = tag ? command.tag() + "\t" : null;
                LinePrefixingOutputStream.writeTagged(result.stdout(), stdout, prefix);
                stdout.flush();
                LinePrefixingOutputStream.writeTagged(result.stderr(), stderr, prefix);
                if (!result.succeeded()) {
                    stderr.write(("spool: job " + command.seq() + " attempt " + attempt + ": " + result.summary()
                            + (lastAttempt ? "" : "; it will be retried") + ": " + command.display() + "\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                }
                stderr.flush();
            } catch (IOException e) {
                // the worker's own output is gone (a closed pipe): the job's output is in the table
            }
        }
        if (!lastAttempt || killNow && !result.succeeded()) {
            return; // a retried attempt, or a job killed by this worker's own stop
        }
        boolean stop;
        synchronized (haltLock) {
            if (result.succeeded()) {
                succeeded++;
            } else {
                failed++;
            }
            stop = haltStatus < 0 && halt.triggered(failed, succeeded, -1);
            if (stop) {
                haltStatus = halt.on() == HaltPolicy.On.SUCCESS ? ExitCodes.OK
                        : halt.count() == 1 ? result.shellStatus() : ExitCodes.forFailures(failed);
            }
        }
        if (stop) {
            if (halt.when() == HaltPolicy.When.NOW) {
                killNow = true;
            }
            stopGracefully();
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
    }

    @Override
    public void stopOnSignal(boolean immediate, String signal) {
        if (!signal.equals("HUP")) {
            stoppedBySignal.set(true);
        }
        if (immediate && !signal.equals("HUP")) {
            killNow = true;
        }
        stopGracefully();
    }

    @Override
    public void awaitStopped() throws InterruptedException {
        PgWorker w = worker;
        if (w != null) {
            w.awaitTermination(Duration.ofSeconds(30));
        }
    }
}
