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
     * that one thread. Each pool worker owns one job at a time: it takes a slot number (SlotNumbers makes
     * slots on demand, so there are never more than jobs that ran at once), launches the job, waits for
     * it, and returns a JobResult. The pool has min(-j, the number of jobs when known, what the
     * machine's limits on processes and files allow (SlotLimits)) workers. Signal handler threads only set flags, stop the pool and
     * start kill sequences (on virtual threads, since a kill sequence waits).
     *
     * Lost output: a grouped job writes straight into its capture file, so a full capture directory is
     * seen through SlotCaptures' space watch (timesFull before the job, a checkpoint after it). A job that
     * may have lost output ends the run as GNU parallel does ("Output is incomplete", exit 255): it is
     * reported, not printed and not logged; nothing new starts; running jobs are killed like on SIGINT
     * (not logged, so --resume reruns them once there is room).
     *
     * `running` maps seq -> launched job while a job runs; killing walks it. A job is put there before
     * its wait and removed after, so a kill never misses a running job: a stop flag is set first, and a
     * worker checks it after registering, killing its own job if the flag was already up.
     */

    private final RunSettings settings;
    private final PosixSpawnLauncher launcher;
    private final OutputPrinter printer;
    private static final int SIGKILL = 9;

    private final SlotNumbers slotNumbers = new SlotNumbers();
    private final SlotCaptures captures;
    private final Map<Long, LaunchedJob> running = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> killedByStop = new ConcurrentHashMap<>();
    private final LatencyHistogram runtimes = new LatencyHistogram();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    /** Set once, by the first job whose output may be incomplete: the run ends with an error. */
    private final AtomicBoolean outputLost = new AtomicBoolean();
    private final Object delayLock = new Object();
    private long nextStartNanos; // guarded by delayLock
    private final java.util.concurrent.atomic.AtomicLong succeeded = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
    private final Object haltLock = new Object();
    private volatile Pool pool;
    private volatile boolean halting;
    /** Set before the runner stops the pool on purpose (halt, signal, lost output, abort). */
    private volatile boolean stopping;
    /** Whether a job ended not run without the runner stopping the pool; used only by the caller's thread. */
    private boolean notRun;
    /** The number of jobs, when known (read up front for a --halt percentage), else -1. */
    private volatile long total = -1;
    /** Whether the directory and advice for lost output were printed; used only by the caller's thread. */
    private boolean lostOutputExplained;
    /** The status of the job whose end made the run halt, or -1; written once under haltLock. */
    private volatile int haltStatus = -1;

    public JobRunner(RunSettings settings, PosixSpawnLauncher launcher) {
        this.settings = settings;
        this.launcher = launcher;
        this.printer = new OutputPrinter(settings.tag());
        this.captures = new SlotCaptures(settings.tmpDir());
    }

    /** Runs every job and returns the exit code; as {@link #run(Iterator, boolean)} with inputs not at hand. */
    public int run(Iterator<PlannedJob> jobs) throws IOException {
        return run(jobs, false);
    }

    /**
     * Runs every job and returns the exit code.
     *
     * @param jobs the jobs, read lazily
     * @param inputsAtHand whether reading {@code jobs} ahead never waits (values on the command line, regular
     *     files): then up to {@code -j} jobs are read before the first starts, and when fewer come, only that
     *     many job slots and workers are made
     */
    public int run(Iterator<PlannedJob> jobs, boolean inputsAtHand) throws IOException {
        if (settings.halt().percent() > 0) {
            // A percentage needs the total: read every input first, as GNU parallel does.
            List<PlannedJob> all = new ArrayList<>();
            jobs.forEachRemaining(all::add);
            total = all.size();
            jobs = all.iterator();
        }
        ShutdownSignals.exitAfterStop(false); // the run ends by itself, with its own exit status
        int slots = settings.slots();
        SlotLimits.Cap cap = slots <= SlotLimits.PROBE_ABOVE ? new SlotLimits.Cap(slots, List.of())
                : SlotLimits.cap(slots, SlotLimits.probe(), settings.output() == RunSettings.OutputMode.LINE_BUFFER
                        ? SlotLimits.LINE_BUFFER_TASKS_PER_SLOT : SlotLimits.TASKS_PER_SLOT);
        slots = cap.slots();
        long known = total;
        if (known < 0 && inputsAtHand) {
            List<PlannedJob> ahead = new ArrayList<>();
            while (ahead.size() < slots && jobs.hasNext()) {
                ahead.add(jobs.next());
            }
            known = jobs.hasNext() ? -1 : ahead.size(); // at hand: asking does not wait
            jobs = prepend(ahead, jobs);
        }
        if (known >= 0 && known <= slots) {
            slots = (int) Math.max(1, known); // no more slots than jobs
        } else {
            cap.warning().forEach(System.err::println); // the limits cut -j down below the jobs to run
        }
        ShutdownSignals.register(this);
        Files.createDirectories(settings.tmpDir());
        var progress = settings.progress() ? new ProgressLine(System.err) : null;
        try (JobLog log = settings.joblog() == null ? null : JobLog.open(settings.joblog(), settings.joblogAppend());
             Pool jobPool = startPool(slots)) {
            pool = jobPool;
            MapOptions options = settings.keepOrder()
                    ? MapOptions.ordered().window(Math.max(1024, 4 * slots))
                    : MapOptions.completionOrder().window(4 * slots);
            Iterator<PlannedJob> source = jobs;
            Iterable<PlannedJob> iterable = () -> source;
            try (Stream<Outcome<JobResult>> outcomes = mapJobs(jobPool, iterable, options)) {
                RunAbortedException aborted = null;
                for (Iterator<Outcome<JobResult>> it = outcomes.iterator(); hasNextJob(it); ) {
                    Outcome<JobResult> outcome = it.next();
                    if (aborted != null) {
                        continue; // every job was stopped: read the rest of the outcomes, print nothing
                    }
                    switch (outcome) {
                        case Outcome.Succeeded<JobResult>(var info, JobResult result) -> handle(result, log);
                        case Outcome.Failed<JobResult>(var info, OutOfMemoryError error) ->
                                aborted = abort(error, slots); // a job's thread could not start
                        case Outcome.Failed<JobResult>(var info, Throwable error) -> {
                            failed.incrementAndGet();
                            System.err.println("spool: job " + info.seq() + " could not run: " + error.getMessage());
                        }
                        case Outcome.NotRun<JobResult>(var info, String reason) when !stopping -> {
                            // the pool stopped on its own (its workers could not start): never a silent success
                            notRun = true;
                            System.err.println("spool: job " + info.seq() + " was not run: " + reason);
                        }
                        default -> {
                            // not run: the run halted or was interrupted before the job started
                        }
                    }
                    if (progress != null) {
                        progress.update(succeeded.get() + failed.get(), failed.get(), running.size());
                    }
                }
                if (aborted != null) {
                    throw aborted;
                }
            } catch (OutOfMemoryError e) {
                throw abort(e, slots); // memory ran out on this thread
            }
        } finally {
            ShutdownSignals.unregister(this);
            captures.close();
            if (progress != null) {
                progress.finish(succeeded.get() + failed.get(), failed.get());
            }
            printer.flush();
        }
        if (interrupted.get() || outputLost.get() || notRun) {
            return ExitCodes.ERROR;
        }
        if (halting) {
            return haltExitStatus();
        }
        return ExitCodes.forFailures(failed.get());
    }

    /**
     * The pool of {@code slots} workers. It starts a thread per job until it has {@code slots}; one the
     * machine refuses leaves it with those it has (a warning), or its jobs not run if it has none.
     */
    private static Pool startPool(int slots) {
        return Pool.builder().name("spool").workers(slots).handleSignals(false).build();
    }

    /** Stops every job and the pool, and returns the error that ends the run. */
    private RunAbortedException abort(OutOfMemoryError error, int slots) {
        stopping = true;
        pool.stop("the run could not go on: " + error.getMessage());
        killAll(true);
        return RunAbortedException.of(error, slots);
    }

    /** The jobs of {@code first}, then those of {@code rest}. */
    private static Iterator<PlannedJob> prepend(List<PlannedJob> first, Iterator<PlannedJob> rest) {
        Iterator<PlannedJob> head = first.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return head.hasNext() || rest.hasNext();
            }

            @Override
            public PlannedJob next() {
                return head.hasNext() ? head.next() : rest.next();
            }
        };
    }

    /**
     * The jobs' outcomes; none if a signal stopped the pool before the first job was read (the exit status
     * then says the run was interrupted).
     */
    private Stream<Outcome<JobResult>> mapJobs(Pool jobPool, Iterable<PlannedJob> jobs, MapOptions options) {
        try {
            return jobPool.map((PlannedJob job, TaskContext context) -> execute(job), jobs, options);
        } catch (dev.spool.pool.PoolClosedException stoppedFirst) {
            return Stream.empty();
        }
    }

    /**
     * Whether another job's outcome follows. A halt or a signal stops the pool, and the map then ends, after
     * the outcome of every job it read, with PoolClosedException: the jobs not read are not run, as GNU
     * parallel starts no more; the exit status says why.
     */
    private static boolean hasNextJob(Iterator<Outcome<JobResult>> outcomes) {
        try {
            return outcomes.hasNext();
        } catch (dev.spool.pool.PoolClosedException | dev.spool.pool.WorkerStartException stopped) {
            // a worker that could not start: its jobs were handed back not run, and reported as such
            return false;
        }
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
        if (result.outputLost()) {
            reportLostOutput(result);
            captures.release(result.stdout());
            captures.release(result.stderr());
            return;
        }
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

    /**
     * Counts a finished job and halts the run if the policy says so, on the worker that ran it: before
     * that worker (or any other) starts another job, as GNU parallel decides.
     */
    private void finished(JobResult result) {
        if (result.outputLost()) {
            if (outputLost.compareAndSet(false, true)) {
                stopping = true;
                pool.stop("output is incomplete: " + captures.dir() + " is full");
                killAll(true);
            }
            return;
        }
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
        stopping = true;
        pool.stop("the run halted (--halt " + halt.when().name().toLowerCase(java.util.Locale.ROOT) + ")");
        if (halt.when() == HaltPolicy.When.NOW) {
            killAll(false);
        }
    }

    /** Runs one job on a pool worker: takes a slot, launches, waits, retries. */
    private JobResult execute(PlannedJob job) throws InterruptedException, IOException {
        int slot = slotNumbers.take(); // never more taken than workers, so never more slots than -j
        try {
            JobResult result = null;
            for (int attempt = 1; attempt <= settings.retries(); attempt++) {
                awaitDelay();
                if (result != null) {
                    captures.release(result.stdout());
                    captures.release(result.stderr());
                }
                result = attempt(job, slot, attempt);
                if (result.succeeded() || result.killedByStop() || result.outputLost() || halting
                        || interrupted.get() || outputLost.get()) {
                    break;
                }
            }
            finished(result);
            return result;
        } finally {
            slotNumbers.release(slot);
        }
    }

    private JobResult attempt(PlannedJob job, int slot, int attempt) throws IOException, InterruptedException {
        boolean grouped = settings.output() == RunSettings.OutputMode.GROUP;
        boolean lineBuffered = settings.output() == RunSettings.OutputMode.LINE_BUFFER;
        OutputCapture[] capture = grouped ? captures.of(slot) : null;
        JobCommand command = job.command(slot);
        String tag = settings.tag() ? job.tag(slot) : null;
        long fullBefore = grouped ? captures.timesFull() : 0;
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
        Thread[] relays = new Thread[lineBuffered ? 2 : 0];
        try {
            if (lineBuffered) {
                relays[0] = LineRelay.start("spool-out-" + job.seq(), launched.stdout(), LineRelay.STDOUT, tag, relayed);
                relays[1] = LineRelay.start("spool-err-" + job.seq(), launched.stderr(), LineRelay.STDERR, tag, relayed);
            }
        } catch (OutOfMemoryError e) {
            launched.signalGroup(SIGKILL); // no relay, no job: its output would block it
            launched.waitFor();
            throw e;
        }
        running.put(job.seq(), launched);
        if (interrupted.get() || outputLost.get() || halting && settings.halt().when() == HaltPolicy.When.NOW) {
            kill(job.seq(), launched, interrupted.get() || outputLost.get());
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
        boolean lost = grouped && CaptureSpace.sawFull(fullBefore, captures.checkpoint());
        CapturedOutput out = grouped ? captures.take(slot, 0)
                : lineBuffered ? new CapturedOutput(new byte[0], null, relayed.get()) : CapturedOutput.NONE;
        CapturedOutput err = grouped ? captures.take(slot, 1) : CapturedOutput.NONE;
        return new JobResult(job, command.display(), tag, startWall / 1000.0, runtime, exit, signal, out, err, byStop,
                timedOut, lost);
    }

    /** A command that cannot start is a failed job with the shell's status: 127 not found, 126 not executable. */
    private JobResult notLaunched(PlannedJob job, String display, String tag, LaunchException e, long startWall,
                                  long start) {
        byte[] message = ("spool: " + e.getMessage() + "\n").getBytes(StandardCharsets.ISO_8859_1);
        CapturedOutput err = captures.hold(message);
        return new JobResult(job, display, tag, startWall / 1000.0, (System.nanoTime() - start) / 1e9,
                e.failure().shellStatus(), 0, CapturedOutput.NONE, err, false, false, false);
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
            stopping = true;
            Pool p = pool;
            if (p != null) {
                p.stop(); // start nothing new; running jobs finish
            }
            return;
        }
        stopping = true;
        interrupted.set(true);
        Pool p = pool;
        if (p != null) {
            p.stop();
        }
        killAll(true);
        if (immediate) {
            for (LaunchedJob job : running.values()) {
                job.signalGroup(SIGKILL);
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
        try {
            Thread.ofVirtual().name("spool-kill-" + seq).start(() -> {
                try {
                    settings.termSequence().apply(job);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } catch (OutOfMemoryError | java.util.concurrent.RejectedExecutionException e) {
            job.signalGroup(SIGKILL); // no thread for the term sequence: kill at once
        }
    }

}
