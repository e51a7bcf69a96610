package dev.spool.cli.run;

import dev.spool.cli.ExitCodes;
import dev.spool.cli.job.JobCommand;
import dev.spool.launch.ExitStatus;
import dev.spool.launch.JobSpec;
import dev.spool.launch.LaunchException;
import dev.spool.launch.LaunchedJob;
import dev.spool.launch.OutputCapture;
import dev.spool.launch.PosixSpawnLauncher;
import dev.spool.launch.Redirect;
import dev.spool.monitor.LatencyHistogram;
import dev.spool.outcome.Outcome;
import dev.spool.pool.MapOptions;
import dev.spool.pool.Pool;
import dev.spool.pool.TaskContext;
import dev.spool.stop.ShutdownSignals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Runs planned jobs on a pool of job slots: launches each in its own process group, captures or passes
 * its output, logs it, applies timeouts, retries and halting, and stops every job on a signal.
 */
public final class JobRunner implements ShutdownSignals.Target {

    /*
     * Implementation notes.
     *
     * Threads: the caller's thread reads the planned jobs (through Pool.map, which reads lazily) and
     * handles every result in order (printing, joblog, halting): all output and the joblog are written by
     * that one thread. Each pool worker owns one job at a time: it takes a free slot number, launches the
     * job, waits for it, and returns a JobResult. Signal handler threads only set flags, stop the pool and
     * start kill sequences (on virtual threads, since a kill sequence waits).
     *
     * `running` maps seq -> launched job while a job runs; killing walks it. A job is put there before
     * its wait and removed after, so a kill never misses a running job: a stop flag is set first, and a
     * worker checks it after registering, killing its own job if the flag was already up.
     */

    private final RunSettings settings;
    private final PosixSpawnLauncher launcher;
    private final OutputPrinter printer;
    private final BlockingQueue<Integer> freeSlots;
    private final SlotCaptures captures;
    private final Map<Long, LaunchedJob> running = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> killedByStop = new ConcurrentHashMap<>();
    private final LatencyHistogram runtimes = new LatencyHistogram();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final Object delayLock = new Object();
    private long nextStartNanos; // guarded by delayLock
    private final java.util.concurrent.atomic.AtomicLong succeeded = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
    private final Object haltLock = new Object();
    private volatile Pool pool;
    private volatile boolean halting;
    /** The number of jobs, when known (read up front for a --halt percentage), else -1. */
    private volatile long total = -1;
    /** The status of the job whose end made the run halt, or -1; written once under haltLock. */
    private volatile int haltStatus = -1;

    public JobRunner(RunSettings settings, PosixSpawnLauncher launcher) {
        this.settings = settings;
        this.launcher = launcher;
        this.printer = new OutputPrinter(settings.tag());
        this.freeSlots = new ArrayBlockingQueue<>(settings.slots());
        this.captures = new SlotCaptures(settings.slots(), settings.tmpDir());
        for (int i = 1; i <= settings.slots(); i++) {
            freeSlots.add(i);
        }
    }

    /** Runs every job and returns the exit code. */
    public int run(Iterator<PlannedJob> jobs) throws IOException {
        if (settings.halt().percent() > 0) {
            // A percentage needs the total: read every input first, as GNU parallel does.
            List<PlannedJob> all = new ArrayList<>();
            jobs.forEachRemaining(all::add);
            total = all.size();
            jobs = all.iterator();
        }
        ShutdownSignals.register(this);
        Files.createDirectories(settings.tmpDir());
        var progress = settings.progress() ? new ProgressLine(System.err) : null;
        try (JobLog log = settings.joblog() == null ? null : JobLog.open(settings.joblog(), settings.joblogAppend());
             Pool jobPool = Pool.builder().name("spool").workers(settings.slots()).handleSignals(false).build()) {
            pool = jobPool;
            MapOptions options = settings.keepOrder()
                    ? MapOptions.ordered().window(Math.max(1024, 4 * settings.slots()))
                    : MapOptions.completionOrder().window(4 * settings.slots());
            Iterator<PlannedJob> source = jobs;
            Iterable<PlannedJob> iterable = () -> source;
            try (Stream<Outcome<JobResult>> outcomes = jobPool.map(
                    (PlannedJob job, TaskContext context) -> execute(job), iterable, options)) {
                for (Iterator<Outcome<JobResult>> it = outcomes.iterator(); it.hasNext(); ) {
                    Outcome<JobResult> outcome = it.next();
                    switch (outcome) {
                        case Outcome.Succeeded<JobResult>(var info, JobResult result) -> handle(result, log);
                        case Outcome.Failed<JobResult>(var info, Throwable error) -> {
                            failed.incrementAndGet();
                            System.err.println("spool: job " + info.seq() + " could not run: " + error.getMessage());
                        }
                        default -> {
                            // not run: the run halted or was interrupted before the job started
                        }
                    }
                    if (progress != null) {
                        progress.update(succeeded.get() + failed.get(), failed.get(), running.size());
                    }
                }
            }
        } finally {
            ShutdownSignals.unregister(this);
            captures.close();
            if (progress != null) {
                progress.finish(succeeded.get() + failed.get(), failed.get());
            }
            printer.flush();
        }
        if (interrupted.get()) {
            return ExitCodes.ERROR;
        }
        if (halting) {
            return haltExitStatus();
        }
        return ExitCodes.forFailures(failed.get());
    }

    /**
     * GNU parallel's exit status after a halt: 0 for a success condition; the failing job's own status for
     * {@code fail=1}; the failed percentage, rounded up, for {@code fail=N%}; else the number of failures.
     */
    private int haltExitStatus() {
        HaltPolicy halt = settings.halt();
        long bad = failed.get();
        if (halt.on() == HaltPolicy.On.SUCCESS) {
            return ExitCodes.OK;
        }
        if (halt.on() == HaltPolicy.On.FAIL && halt.count() == 1) {
            return haltStatus;
        }
        if (halt.on() == HaltPolicy.On.FAIL && halt.percent() > 0 && total > 0) {
            return (int) Math.min(100, Math.ceil(bad * 100.0 / total));
        }
        return ExitCodes.forFailures(bad);
    }

    /** Prints and logs one finished job, on the caller's thread. */
    private void handle(JobResult result, JobLog log) throws IOException {
        long received = result.stdout().size();
        CapturedOutput stdout = result.stdout();
        CapturedOutput stderr = result.stderr();
        if (settings.verbose()) {
            printer.line(result.display());
            received += result.display().length() + 1;
        }
        if (settings.results() != null) {
            ResultsDir.save(settings.results(), result);
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
        }
        if (result.killedByStop()) {
            return; // GNU parallel's rule: jobs killed by an interrupt are not logged, so --resume reruns them
        }
        if (log != null) {
            log.write(result.job().seq(), result.startEpochSeconds(), result.runtimeSeconds(), received,
                    result.exitValue(), result.signal(), result.display());
        }
    }

    /**
     * Counts a finished job and halts the run if the policy says so, on the worker that ran it: before
     * that worker (or any other) starts another job, as GNU parallel decides.
     */
    private void finished(JobResult result) {
        if (result.killedByStop()) {
            return;
        }
        long ok = result.succeeded() ? succeeded.incrementAndGet() : succeeded.get();
        long bad = result.succeeded() ? failed.get() : failed.incrementAndGet();
        if (result.succeeded()) {
            runtimes.record((long) (result.runtimeSeconds() * 1e9));
        }
        HaltPolicy halt = settings.halt();
        if (halting || !halt.triggered(bad, ok, total)) {
            return;
        }
        synchronized (haltLock) {
            if (halting) {
                return;
            }
            haltStatus = result.shellStatus();
            halting = true;
        }
        pool.stop("the run halted (--halt " + halt.when().name().toLowerCase(java.util.Locale.ROOT) + ")");
        if (halt.when() == HaltPolicy.When.NOW) {
            killAll(false);
        }
    }

    /** Runs one job on a pool worker: takes a slot, launches, waits, retries. */
    private JobResult execute(PlannedJob job) throws InterruptedException, IOException {
        int slot = freeSlots.take();
        try {
            JobResult result = null;
            for (int attempt = 1; attempt <= settings.retries(); attempt++) {
                awaitDelay();
                if (result != null) {
                    captures.release(result.stdout());
                    captures.release(result.stderr());
                }
                result = attempt(job, slot, attempt);
                if (result.succeeded() || result.killedByStop() || halting || interrupted.get()) {
                    break;
                }
            }
            finished(result);
            return result;
        } finally {
            freeSlots.add(slot);
        }
    }

    private JobResult attempt(PlannedJob job, int slot, int attempt) throws IOException, InterruptedException {
        boolean grouped = settings.output() == RunSettings.OutputMode.GROUP;
        boolean lineBuffered = settings.output() == RunSettings.OutputMode.LINE_BUFFER;
        OutputCapture[] capture = grouped ? captures.of(slot) : null;
        JobCommand command = job.command(slot);
        String tag = settings.tag() ? job.tag(slot) : null;
        JobSpec spec = JobSpec.builder(command.argv())
                .env("PARALLEL_SEQ", Long.toString(job.seq()))
                .env("PARALLEL_JOBSLOT", Integer.toString(slot))
                .env("SPOOL_SEQ", Long.toString(job.seq()))
                .env("SPOOL_SLOT", Integer.toString(slot))
                .stdin(Redirect.NULL)
                .stdout(grouped ? capture[0].redirect() : lineBuffered ? Redirect.PIPE : Redirect.INHERIT)
                .stderr(grouped ? capture[1].redirect() : lineBuffered ? Redirect.PIPE : Redirect.INHERIT)
                .build();
        long startWall = System.currentTimeMillis();
        long start = System.nanoTime();
        LaunchedJob launched;
        try {
            launched = launcher.launch(spec);
        } catch (LaunchException e) {
            return notLaunched(job, command.display(), tag, e, startWall, start);
        }
        var relayed = new java.util.concurrent.atomic.AtomicLong();
        Thread[] relays = lineBuffered ? new Thread[] {
            LineRelay.start("spool-out-" + job.seq(), launched.stdout(), LineRelay.STDOUT, tag, relayed),
            LineRelay.start("spool-err-" + job.seq(), launched.stderr(), LineRelay.STDERR, tag, relayed)
        } : new Thread[0];
        running.put(job.seq(), launched);
        if (interrupted.get() || halting && settings.halt().when() == HaltPolicy.When.NOW) {
            kill(job.seq(), launched, interrupted.get());
        }
        boolean timedOut = false;
        ExitStatus status;
        try {
            Duration limit = timeLimit();
            if (limit == null) {
                status = launched.waitFor();
            } else {
                var maybe = launched.waitFor(limit);
                if (maybe.isPresent()) {
                    status = maybe.get();
                } else {
                    timedOut = true;
                    settings.termSequence().apply(launched);
                    status = launched.waitFor();
                }
            }
        } finally {
            running.remove(job.seq());
        }
        for (Thread relay : relays) {
            relay.join(); // the pipe ends when the job and everything it started have closed it
        }
        double runtime = (System.nanoTime() - start) / 1e9;
        boolean byStop = killedByStop.remove(job.seq()) != null;
        // GNU parallel logs a timed-out job with Exitval -1
        int exit = timedOut ? -1 : status instanceof ExitStatus.Exited(int code) ? code : 0;
        int signal = status instanceof ExitStatus.Killed(int sig, boolean core) ? sig : 0;
        CapturedOutput out = grouped ? captures.take(slot, 0)
                : lineBuffered ? new CapturedOutput(new byte[0], null, relayed.get()) : CapturedOutput.NONE;
        CapturedOutput err = grouped ? captures.take(slot, 1) : CapturedOutput.NONE;
        return new JobResult(job, command.display(), tag, startWall / 1000.0, runtime, exit, signal, out, err, byStop,
                timedOut);
    }

    /** A command that cannot start is a failed job with the shell's status: 127 not found, 126 not executable. */
    private JobResult notLaunched(PlannedJob job, String display, String tag, LaunchException e, long startWall,
                                  long start) {
        byte[] message = ("spool: " + e.getMessage() + "\n").getBytes(StandardCharsets.ISO_8859_1);
        CapturedOutput err = captures.hold(message);
        return new JobResult(job, display, tag, startWall / 1000.0, (System.nanoTime() - start) / 1e9,
                e.failure().shellStatus(), 0, CapturedOutput.NONE, err, false, false);
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

    private void awaitDelay() throws InterruptedException {
        Duration delay = settings.delay();
        if (delay == null || delay.isZero()) {
            return;
        }
        long wait;
        synchronized (delayLock) {
            long now = System.nanoTime();
            long at = Math.max(now, nextStartNanos);
            nextStartNanos = at + delay.toNanos();
            wait = at - now;
        }
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait)); // --delay is a pause by definition, not a wait for an event
        }
    }

    // ---- stopping ----

    @Override
    public void stopOnSignal(boolean immediate, String signal) {
        if (signal.equals("HUP")) {
            System.err.println("spool: SIGHUP: starting no more jobs; waiting for " + running.size()
                    + " running jobs to finish");
            Pool p = pool;
            if (p != null) {
                p.stop(); // start nothing new; running jobs finish
            }
            return;
        }
        interrupted.set(true);
        Pool p = pool;
        if (p != null) {
            p.stop();
        }
        killAll(true);
        if (immediate) {
            for (LaunchedJob job : running.values()) {
                job.signalGroup(9);
            }
        }
    }

    private void killAll(boolean byStop) {
        for (Map.Entry<Long, LaunchedJob> entry : running.entrySet()) {
            kill(entry.getKey(), entry.getValue(), byStop);
        }
    }

    private void kill(long seq, LaunchedJob job, boolean byStop) {
        if (byStop) {
            killedByStop.put(seq, Boolean.TRUE);
        }
        Thread.ofVirtual().name("spool-kill-" + seq).start(() -> {
            try {
                settings.termSequence().apply(job);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

}
