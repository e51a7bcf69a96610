package dev.spool.cli.run;

import dev.spool.cli.job.PerlExpressionException;
import dev.spool.cli.ExitCodes;
import dev.spool.cli.StdoutClosed;
import dev.spool.launch.LaunchedJob;
import dev.spool.launch.PosixSpawnLauncher;
import dev.spool.outcome.Outcome;
import dev.spool.pool.MapOptions;
import dev.spool.pool.Pool;
import dev.spool.pool.TaskContext;
import dev.spool.stop.ShutdownSignals;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
     * machine's limits on processes and files allow (SlotLimits)) workers. Signal handler threads only set
     * flags, stop the pool and start kill sequences (on virtual threads, since a kill sequence waits).
     *
     * The parts: JobAttempts launches and waits for one attempt (and says why the command times jobs
     * itself); this class's execute() is the retry loop (and says why it is not the pool's RetryPolicy);
     * RunningJobs kills; StartDelay paces starts; JobReporter prints, saves and logs each finished job; the
     * pool's own stop ends the map: nothing new starts, and jobs not started end NotRun.
     *
     * Signals: the pool is built with handleSignals(false) and the runner is the ShutdownSignals target
     * instead, since a signal must do more than stop the pool: SIGINT and SIGTERM also kill the running
     * jobs' process groups with --termseq (and are not logged, so --resume reruns them), a second one kills
     * them at once, and SIGHUP, as in GNU parallel, only starts nothing new. Each path still goes through
     * pool.stop().
     *
     * Lost output: a grouped job writes straight into its capture file, so a full capture directory is
     * seen through SlotCaptures' space watch (timesFull before the job, a checkpoint after it). A job that
     * may have lost output ends the run as GNU parallel does ("Output is incomplete", exit 255): it is
     * reported, not printed and not logged; nothing new starts; running jobs are killed like on SIGINT
     * (not logged, so --resume reruns them once there is room).
     *
     * `running` holds each launched job while it runs; killing walks it. A job is put there before its wait
     * and removed after, so a kill never misses a running job: a stop flag is set first, and a worker
     * checks it after registering (killIfStopping), killing its own job if the flag was already up.
     */

    private final RunSettings settings;
    private final OutputPrinter printer;

    private final SlotNumbers slotNumbers;
    private final SlotCaptures captures;
    private final RunningJobs running;
    private final JobAttempts attempts;
    private final StartDelay delay;
    private final StartGate gate;
    /** Set by SIGINT or SIGTERM (not SIGHUP, which lets running jobs finish): the run ends with 255. */
    private final AtomicBoolean stoppedBySignal = new AtomicBoolean();
    /** Set once, by the first job whose output may be incomplete: the run ends with an error. */
    private final AtomicBoolean outputLost = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong succeeded = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
    private final Object haltLock = new Object();
    /** The pool of job slots, once the run has started it; read by signal handlers. */
    private volatile Pool pool;
    private volatile boolean halting;
    /** Set before the runner stops the pool on purpose (halt, signal, lost output, abort). */
    private volatile boolean stopping;
    /** Run once when the run starts stopping (see {@link #whenStopping}); null for none. */
    private volatile Runnable onStopping;
    /** Whether onStopping ran or is running. */
    private final AtomicBoolean stoppingHookRan = new AtomicBoolean();
    /** Whether a job ended not run without the runner stopping the pool; used only by the caller's thread. */
    private boolean notRun;
    /** The number of jobs, when known (read up front for a --halt percentage), else -1. */
    private volatile long total = -1;
    /** Set once writing to stdout (or stderr) failed because its reader went away. */
    private final AtomicBoolean stdoutBroken = new AtomicBoolean();
    /** The run's exit status, fixed when the halt fired (as GNU parallel fixes it), or -1; written once under haltLock. */
    private volatile int haltStatus = -1;
    /** The job whose end made the run halt, or -1, and how many jobs were running then; written under haltLock. */
    private volatile long haltSeq = -1;
    private volatile int haltLeftRunning;

    public JobRunner(RunSettings settings, PosixSpawnLauncher launcher) {
        this.settings = settings;
        this.printer = new OutputPrinter(settings.tag());
        this.slotNumbers = new SlotNumbers(settings.placement().hostOfSlots());
        this.captures = new SlotCaptures(settings.tmpDir());
        this.running = new RunningJobs(settings.termSequence());
        this.attempts = new JobAttempts(settings, launcher, captures, running, this::killIfStopping,
                this::stopForClosedStdout);
        this.delay = new StartDelay(settings.delay());
        RunSettings.StartLimits limits = settings.startLimits();
        this.gate = new StartGate(limits.maxLoad(), limits.memFree(), limits.noSwap());
    }

    /** {@code --filter}: jobs that {@code filter} turns down end as skipped. Call before {@link #run}. */
    public JobRunner filter(dev.spool.cli.job.JobFilter filter) {
        attempts.filter(filter);
        return this;
    }

    /**
     * Has {@code hook} run once, on whichever thread stops the run (a halt, a signal, a closed stdout, lost
     * output), after it stops the pool: so an input that may wait (stdin's blocks waiting for a buffer that
     * a job not run will never give back) can stop waiting. Call before {@link #run}.
     */
    public void whenStopping(Runnable hook) {
        this.onStopping = hook;
    }

    /** The run stops: nothing new starts; runs the stopping hook once. */
    private void markStopping() {
        stopping = true;
        Runnable hook = onStopping;
        if (hook != null && stoppingHookRan.compareAndSet(false, true)) {
            hook.run();
        }
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
             ResultsTable table = JobReporter.openResultsTable(settings);
             Pool jobPool = startPool(slots)) {
            JobReporter reporter = new JobReporter(settings, printer, captures, log, table);
            pool = jobPool;
            if (stopping) {
                // a signal came after ShutdownSignals.register and before `pool` was set, and could not stop
                // it: both fields are volatile, so either the handler saw the pool or this sees the flag
                jobPool.stop();
            }
            MapOptions options = settings.keepOrder()
                    ? MapOptions.ordered().window(Math.max(1024, 4 * slots))
                    : MapOptions.completionOrder().window(4 * slots);
            Iterator<PlannedJob> source = jobs;
            Iterable<PlannedJob> iterable = () -> source;
            try (Stream<Outcome<JobResult>> outcomes = mapJobs(jobPool, iterable, options)) {
                RunAbortedException aborted = null;
                IOException stdoutClosed = null;
                for (Iterator<Outcome<JobResult>> it = outcomes.iterator(); hasNextJob(it); ) {
                    Outcome<JobResult> outcome = it.next();
                    if (aborted != null || stdoutClosed != null) {
                        continue; // every job was stopped: read the rest of the outcomes, print nothing
                    }
                    switch (outcome) {
                        case Outcome.Succeeded<JobResult>(var info, JobResult result) -> {
                            try {
                                reporter.report(result, haltSeq, haltLeftRunning);
                            } catch (IOException e) {
                                if (!StdoutClosed.is(e)) {
                                    throw e;
                                }
                                stdoutClosed = e;
                                stopForClosedStdout();
                            }
                        }
                        case Outcome.Failed<JobResult>(var info, OutOfMemoryError error) ->
                                aborted = abort(error, slots); // a job's thread could not start
                        case Outcome.Failed<JobResult>(var info, PerlExpressionException error) ->
                                aborted = abort(error); // as GNU parallel, which dies with the expression
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
                if (stdoutClosed != null) {
                    throw stdoutClosed; // the command ends as GNU parallel does on SIGPIPE: silently, 141
                }
                if (stdoutBroken.get()) { // seen by a --line-buffer relay
                    throw new IOException("Broken pipe");
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
            if (!stdoutBroken.get()) {
                printer.flush();
            }
        }
        if (stoppedBySignal.get() || outputLost.get() || notRun) {
            return ExitCodes.ERROR;
        }
        if (halting) {
            return haltStatus;
        }
        return ExitCodes.forFailures(failed.get());
    }

    /**
     * The pool of {@code slots} workers. It starts a thread per job until it has {@code slots}; one the
     * machine refuses leaves it with those it has (a warning), or its jobs not run if it has none.
     */
    private Pool startPool(int slots) {
        return Pool.builder().name("spool").workers(slots).handleSignals(false)
                .onUnobservedFailure(this::unobservedFailure).build();
    }

    /**
     * A job's failure that the pool reports as unread: when the pool ends before this thread has read the
     * outcomes of the last jobs (a stopped run's pool ends as soon as its workers are done). While stopping,
     * the reason was given already (the first failing Perl expression ends the run, as in GNU parallel);
     * otherwise one line, as for a failure read in the loop, never a stack trace.
     */
    private void unobservedFailure(Outcome<?> outcome) {
        if (stopping || !(outcome instanceof Outcome.Failed<?>(var info, Throwable error))) {
            return;
        }
        System.err.println("spool: job " + info.seq() + " could not run: " + error.getMessage());
    }

    /**
     * Stdout's reader went away ({@code spool ... | head -1}): nothing more can be printed, so the run stops
     * as on SIGINT (nothing new starts, running jobs are killed and not logged), where GNU parallel dies of
     * SIGPIPE and leaves its jobs running. On the caller's thread, or a {@code --line-buffer} relay's; once.
     */
    private void stopForClosedStdout() {
        if (!stdoutBroken.compareAndSet(false, true)) {
            return;
        }
        markStopping();
        stoppedBySignal.set(true); // killIfStopping kills a job that registers after this
        Pool p = pool;
        if (p != null) {
            p.stop("stdout was closed");
        }
        running.killForStop();
    }

    /** Stops every job and the pool, and returns the error that ends the run. */
    private RunAbortedException abort(OutOfMemoryError error, int slots) {
        markStopping();
        pool.stop("the run could not go on: " + error.getMessage());
        running.killForStop();
        return RunAbortedException.of(error, slots);
    }

    /** Stops the run because a Perl expression failed: no job can be made. */
    private RunAbortedException abort(PerlExpressionException error) {
        markStopping();
        pool.stop("the run could not go on: " + error.getMessage());
        running.killForStop();
        return new RunAbortedException(error.getMessage(), error);
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
     * GNU parallel's exit status after a halt, fixed when the halt fires: jobs that fail after it (running
     * ones, with {@code soon}) do not change it. 0 for a success condition; the status of the job that made
     * it halt for {@code fail=1} and {@code done=1}; the percentage of all jobs failed so far, rounded up,
     * for {@code fail=N%} and {@code done=N%}; else the number of failures so far (101 for more than 100).
     */
    private int haltExitStatus(JobResult last, long bad) {
        HaltPolicy halt = settings.halt();
        if (halt.on() == HaltPolicy.On.SUCCESS) {
            return ExitCodes.OK;
        }
        if (halt.count() == 1) {
            return last.shellStatus();
        }
        if (halt.percent() > 0 && total > 0) {
            return (int) Math.min(100, Math.ceil((double) bad / total * 100));
        }
        return ExitCodes.forFailures(bad);
    }

    /**
     * Counts a finished job and halts the run if the policy says so, on the worker that ran it: before
     * that worker (or any other) starts another job, as GNU parallel decides.
     */
    private void finished(JobResult result) {
        if (result.outputLost()) {
            if (outputLost.compareAndSet(false, true)) {
                markStopping();
                pool.stop("output is incomplete: " + captures.dir() + " is full");
                running.killForStop();
            }
            return;
        }
        if (result.killedByStop()) {
            return;
        }
        long ok = result.succeeded() ? succeeded.incrementAndGet() : succeeded.get();
        long bad = result.succeeded() ? failed.get() : failed.incrementAndGet();
        if (result.succeeded()) {
            attempts.succeeded(result);
        }
        HaltPolicy halt = settings.halt();
        if (halting || !halt.triggered(bad, ok, total)) {
            return;
        }
        synchronized (haltLock) {
            if (halting) {
                return;
            }
            haltStatus = haltExitStatus(result, bad);
            haltSeq = result.job().seq();
            haltLeftRunning = running.size(); // this job is no longer among them
            halting = true;
        }
        markStopping();
        pool.stop("the run halted (--halt " + halt.when().name().toLowerCase(java.util.Locale.ROOT) + ")");
        if (halt.when() == HaltPolicy.When.NOW) {
            running.killForHalt();
        }
    }

    /**
     * Runs one job on a pool worker: takes a slot, runs attempts, and counts the last.
     *
     * <p>Why {@code --retries} is this loop and not the pool's RetryPolicy: GNU parallel reruns a failed job
     * in the same slot, after {@code --delay}, printing and logging only its last attempt, and a halt or a
     * stop between attempts ends it with the attempt it has; the pool's policy ends a task in an outcome
     * without the failed attempt's result (its output, its exit status), which the command must print.
     */
    private JobResult execute(PlannedJob job) throws InterruptedException, IOException {
        // never more taken than workers, so never more slots than -j; a --hostgroups job waits for its computers
        int slot = slotNumbers.take(settings.placement().computersFor(job));
        try {
            JobResult result = null;
            for (int attempt = 1; attempt <= settings.retries(); attempt++) {
                delay.await();
                if (gate.active() && !gate.await(() -> halting || stoppedBySignal.get() || outputLost.get())) {
                    if (result != null) {
                        break; // the run stopped while a retry waited: the last attempt stands
                    }
                    // the run stopped while the job waited for room: it ends not run, as a job still queued
                    throw new dev.spool.stop.StopRequestedException("the run stopped before the job could start");
                }
                if (result != null) {
                    captures.release(result.stdout());
                    captures.release(result.stderr());
                }
                result = attempts.run(job, slot);
                if (result.succeeded() || result.skipped() || result.killedByStop() || result.outputLost() || halting
                        || stoppedBySignal.get() || outputLost.get()) {
                    break;
                }
            }
            finished(result);
            return result;
        } finally {
            slotNumbers.release(slot);
            if (job.feed() != null) {
                job.feed().input().release(); // after the last attempt: a retry feeds the same block
            }
        }
    }

    // ---- stopping ----

    /** A job that registers after a stop or a halt-now came is killed at once: the kill missed it. */
    private void killIfStopping(long seq, LaunchedJob job) {
        if (stoppedBySignal.get() || outputLost.get()) {
            running.killForStop(seq, job);
        } else if (halting && settings.halt().when() == HaltPolicy.When.NOW) {
            running.killForHalt(job);
        }
    }

    @Override
    public void stopOnSignal(boolean immediate, String signal) {
        if (signal.equals("HUP")) {
            System.err.println("spool: SIGHUP: starting no more jobs; waiting for " + running.size()
                    + " running jobs to finish");
            markStopping();
            Pool p = pool;
            if (p != null) {
                p.stop(); // start nothing new; running jobs finish
            }
            return;
        }
        markStopping();
        stoppedBySignal.set(true);
        Pool p = pool;
        if (p != null) {
            p.stop();
        }
        running.killForStop();
        if (immediate) {
            running.killNow();
        }
    }
}
