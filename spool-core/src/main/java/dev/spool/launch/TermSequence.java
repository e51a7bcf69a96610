package dev.spool.launch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How to stop a job: GNU parallel's {@code --termseq}, a list of signals each followed by the
 * milliseconds to wait for the job's process group to die before the next one. The default,
 * {@code TERM,200,TERM,100,TERM,50,KILL,25}, sends TERM, waits up to 200 ms, sends TERM again, and so on,
 * ending with KILL. Immutable and thread-safe.
 *
 * <p>Difference from GNU parallel, on purpose: a step ends early only when the whole group is gone, not
 * merely its leader, so a grandchild that ignores TERM still gets the KILL.
 */
public final class TermSequence {

    /* Implementation notes: apply() waits for the leader with LaunchedJob.waitFor (a pidfd poll, so it
     * wakes at once), then for the rest of the group with LaunchedJob.groupAlive (kill(-pgid, 0), then a
     * /proc scan so that unreaped zombies count as gone), backing off from 1 ms to 10 ms until the step's
     * deadline. */

    /** One step: send {@code signal} to the group, then wait up to {@code grace} for it to be empty. */
    public record Step(int signal, Duration grace) {
        public Step {
            SignalNames.name(signal); // validates
            if (grace.isNegative()) {
                throw new IllegalArgumentException("wait must not be negative, got " + grace);
            }
        }

        @Override
        public String toString() {
            return SignalNames.name(signal) + "," + grace.toMillis();
        }
    }

    /**
     * What {@link #apply} achieved.
     *
     * @param exitStatus  how the job's own process ended, or empty if it survived every step
     * @param signalsSent how many steps' signals were sent (0 if the group was already gone)
     * @param groupGone   whether no process of the group runs any more (zombies do not count)
     */
    public record Result(Optional<ExitStatus> exitStatus, int signalsSent, boolean groupGone) {}

    /** GNU parallel's default: {@code TERM,200,TERM,100,TERM,50,KILL,25}. */
    public static final TermSequence DEFAULT = parse("TERM,200,TERM,100,TERM,50,KILL,25");

    private static final long MAX_PROBE_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final List<Step> steps;

    /** A sequence of {@code steps}, at least one. */
    public TermSequence(List<Step> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a termination sequence needs at least one step");
        }
        this.steps = List.copyOf(steps);
    }

    /**
     * Parses {@code SIGNAL,MS[,SIGNAL,MS]...}: a signal name ({@code TERM}, {@code SIGTERM}) or number,
     * then a whole number of milliseconds, repeated.
     *
     * @throws IllegalArgumentException naming the bad token and its position (1-based)
     */
    public static TermSequence parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("--termseq is empty: expected SIGNAL,MS[,SIGNAL,MS]...");
        }
        String[] tokens = text.split(",", -1);
        if (tokens.length % 2 != 0) {
            throw new IllegalArgumentException("--termseq \"" + text + "\": signal \"" + tokens[tokens.length - 1]
                    + "\" (token " + tokens.length + ") has no milliseconds after it");
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < tokens.length; i += 2) {
            int signal;
            try {
                signal = SignalNames.number(tokens[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--termseq \"" + text + "\": token " + (i + 1) + ": "
                        + e.getMessage(), e);
            }
            String ms = tokens[i + 1].strip();
            if (ms.isEmpty() || ms.length() > 9 || !ms.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("--termseq \"" + text + "\": token " + (i + 2) + ": \""
                        + tokens[i + 1] + "\" is not a whole number of milliseconds");
            }
            steps.add(new Step(signal, Duration.ofMillis(Long.parseLong(ms))));
        }
        return new TermSequence(steps);
    }

    /** The steps, in order. */
    public List<Step> steps() {
        return steps;
    }

    /**
     * Runs the sequence against {@code job}'s process group: for each step, unless the group is already
     * gone, send the signal to the group and wait up to the step's time for the group to be empty. Reaps
     * the job. Returns early as soon as the group is gone; after the last step it returns whatever the
     * state is (a process stuck in the kernel can survive even KILL for a while).
     *
     * @throws InterruptedException if interrupted while waiting; the signals sent so far stay sent
     */
    public Result apply(LaunchedJob job) throws InterruptedException {
        int sent = 0;
        for (Step step : steps) {
            if (groupGone(job)) {
                return new Result(job.exitStatus(), sent, true);
            }
            job.signalGroup(step.signal());
            sent++;
            long deadline = System.nanoTime() + step.grace().toNanos();
            if (awaitGroupGone(job, deadline)) {
                return new Result(job.exitStatus(), sent, true);
            }
        }
        return new Result(job.exitStatus(), sent, groupGone(job));
    }

    @Override
    public String toString() {
        return String.join(",", steps.stream().map(Step::toString).toList());
    }

    private static boolean awaitGroupGone(LaunchedJob job, long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (job.waitFor(Duration.ofNanos(Math.max(0, left))).isEmpty()) {
            return false;
        }
        long backoff = TimeUnit.MILLISECONDS.toNanos(1);
        while (true) {
            if (!job.groupAlive()) {
                return true;
            }
            left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(backoff, left));
            backoff = Math.min(backoff * 2, MAX_PROBE_BACKOFF_NANOS);
        }
    }

    private static boolean groupGone(LaunchedJob job) {
        return job.exitStatus().isPresent() && !job.groupAlive();
    }
}
