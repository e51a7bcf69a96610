package dev.spool.cli.run;

import dev.spool.launch.LaunchedJob;
import dev.spool.launch.TermSequence;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * The jobs running now, by sequence number, and how they are killed: with the run's termination sequence
 * ({@code --termseq}) on a virtual thread each, since a sequence waits between its signals.
 *
 * <p>Two kinds of kill, as GNU parallel has them: a job killed because the run was <em>stopped</em> (a
 * signal, lost output) is not logged, so that {@code --resume} runs it again; a job killed because the run
 * <em>halted</em> ({@code --halt now,...}) is logged, with the signal that ended it. Thread-safe: workers
 * add and remove their jobs; signal handlers and the halting worker kill them.
 */
final class RunningJobs {

    private static final int SIGKILL = 9;

    private final TermSequence termSequence;
    private final Map<Long, LaunchedJob> running = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> killedByStop = new ConcurrentHashMap<>();

    RunningJobs(TermSequence termSequence) {
        this.termSequence = termSequence;
    }

    /** Registers a launched job, before its worker waits for it, so that a kill never misses it. */
    void add(long seq, LaunchedJob job) {
        running.put(seq, job);
    }

    /** Unregisters a job that ended, and says whether a stop killed it (then it is not logged). */
    boolean remove(long seq) {
        running.remove(seq);
        return killedByStop.remove(seq) != null;
    }

    int size() {
        return running.size();
    }

    /** Kills every running job because the run was stopped: they are not logged. */
    void killForStop() {
        running.forEach((seq, job) -> killForStop(seq, job));
    }

    /** Kills every running job because the run halted: they are logged as killed. */
    void killForHalt() {
        running.forEach((seq, job) -> kill(job));
    }

    /** Kills one job because the run was stopped (it is not logged). */
    void killForStop(long seq, LaunchedJob job) {
        killedByStop.put(seq, Boolean.TRUE);
        kill(job);
    }

    /** Kills one job because the run halted (it is logged). */
    void killForHalt(LaunchedJob job) {
        kill(job);
    }

    /** SIGKILL to every running job's process group at once: a second signal does not wait for --termseq. */
    void killNow() {
        for (LaunchedJob job : running.values()) {
            job.signalGroup(SIGKILL);
        }
    }

    private void kill(LaunchedJob job) {
        try {
            Thread.ofVirtual().name("spool-kill-" + job.pid()).start(() -> {
                try {
                    termSequence.apply(job);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } catch (OutOfMemoryError | RejectedExecutionException e) {
            job.signalGroup(SIGKILL); // no thread for the term sequence: kill at once
        }
    }
}
