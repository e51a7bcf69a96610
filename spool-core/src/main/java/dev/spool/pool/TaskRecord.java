package dev.spool.pool;

import dev.spool.outcome.Outcome;
import dev.spool.outcome.Outcome.TaskInfo;
import dev.spool.pool.spi.Worker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** One submitted task: its input, its attempts' state, and its outcome. The pool's {@link TaskHandle}. */
final class TaskRecord<I, R> implements TaskHandle<R>, WorkItem {

    /*
     * Implementation notes.
     *
     * States, guarded by `this`:
     *
     *   QUEUED  --beginAttempt-->  RUNNING  --toBackoff-->  BACKOFF  --beginAttempt-->  RUNNING
     *   any of them --complete--> DONE (once, decided under the lock; the Finished event is emitted and then
     *                                    the outcome published after the lock is released)
     *   RUNNING --endAttemptSucceeded--> DONE (an attempt that returned and was not aborted: the end of the
     *                                    attempt and the decision in one critical section; the worker
     *                                    publishes the outcome as complete does, after clearing its
     *                                    interrupt flag)
     *
     * Aborts (timeout, cancel, immediate stop) come from other threads and call Worker.abort() only while
     * the state is RUNNING and `runningOn` is set, under the lock; the worker clears `runningOn` under the
     * lock before clearing its interrupt flag, so an abort can never reach the worker's next task.
     *
     * Events and callbacks run after the lock is released.
     *
     * isDone() reads `outcome` without the lock. It is set once, after the critical section that sets
     * DONE, so `true` is final; a `false` that is already stale only sends the worker on to
     * beginAttempt(), which checks DONE again under the lock and returns 0.
     *
     * Waiting. Most outcomes are read after they are decided, or never: so there is no future per task.
     * `outcome` (volatile) is the published outcome; a thread that has to wait for it, or asks for a
     * completion stage, installs `waiters`, a CompletableFuture, by CAS. publish() writes `outcome` and
     * then reads `waiters`; a waiter installs `waiters` and then reads `outcome`. Both are volatile, so at
     * least one of the two sees the other's write, and whoever does completes the future (complete is
     * idempotent): no waiter is left hanging.
     */

    enum State { QUEUED, RUNNING, BACKOFF, DONE }

    private static final VarHandle WAITERS;

    static {
        try {
            WAITERS = MethodHandles.lookup().findVarHandle(TaskRecord.class, "waiters", CompletableFuture.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TaskOwner pool;
    private final long seq;
    private final Task<I, R> task;
    private final I input;
    /** Epoch nanoseconds, from TaskClock; so are the other times. */
    private final long submitted;
    private final Consumer<TaskRecord<?, ?>> onComplete;
    /**
     * The position of its input among a map's inputs, from 0, or -1 if no map submitted it. Only a map sees
     * a map's task, through its outcome (see WorkerLoop's pipelining).
     */
    private final long mapIndex;
    /** The outcome, once published; written once, by publish(). */
    private volatile Outcome<R> outcome;
    /** Created by the first thread that waits or asks for a completion stage; see the notes. */
    private volatile CompletableFuture<Outcome<R>> waiters;

    // Guarded by this.
    private State state = State.QUEUED;
    private int attempts;
    private String worker = "";
    private long started;
    private Worker runningOn;
    private boolean timedOut;
    private String cancelReason;
    /** With cancelReason: the not-run reason if the aborted attempt turns out never to have started. */
    private String unstartedReason;

    /** Set when anyone reads the outcome. */
    private volatile boolean observed;
    /** The pending report of this task's failure, while unobserved; see UnobservedFailures. */
    volatile UnobservedFailures.Note unobservedNote;

    TaskRecord(TaskOwner pool, long seq, Task<I, R> task, I input, Consumer<TaskRecord<?, ?>> onComplete,
               long mapIndex) {
        this.mapIndex = mapIndex;
        this.pool = pool;
        this.seq = seq;
        this.task = task;
        this.input = input;
        this.submitted = pool.clock().now();
        this.onComplete = onComplete;
    }

    @Override
    public List<TaskRecord<?, ?>> records() {
        return List.of(this);
    }

    /** When it was submitted, as a {@link TaskClock} time. */
    long submittedAt() {
        return submitted;
    }

    Task<I, R> task() {
        return task;
    }

    I input() {
        return input;
    }

    boolean ofMap() {
        return mapIndex >= 0;
    }

    /** The position of its input among its map's inputs, from 0; -1 if no map submitted it. */
    long mapIndex() {
        return mapIndex;
    }

    // ---- worker side ----

    /**
     * Starts an attempt on {@code on} at {@code at} (a {@link TaskClock} time), unless the outcome is
     * decided already. The tasks of a batch start together.
     *
     * @return the attempt number, or 0 if the task is done
     */
    synchronized int beginAttempt(Worker on, long at) {
        if (state == State.DONE) {
            return 0;
        }
        state = State.RUNNING;
        attempts++;
        worker = on.identity();
        started = at;
        runningOn = on;
        timedOut = false;
        cancelReason = null;
        unstartedReason = null;
        return attempts;
    }

    /** Moves a begun attempt's start to {@code at}: when a task sent ahead reaches the head of its worker. */
    synchronized void restampStart(long at) {
        if (state == State.RUNNING) {
            started = at;
        }
    }

    /**
     * Takes back the running attempt, which provably never started: it was sent ahead to a worker that broke
     * before reaching it (a worker runs what it is sent in order, and an earlier attempt was still running).
     * The attempt is not counted. If nothing aborted it, the task waits to run again and this returns true;
     * if an abort reached it (cancel, stop, deadline), it ends now as it would have before starting: not
     * run, or cancelled by the caller.
     *
     * @return true if the caller is to run the task again, elsewhere
     */
    boolean returnUnstarted() {
        OutcomeMaker<R> maker;
        synchronized (this) {
            if (state != State.RUNNING) {
                return false;
            }
            attempts--;
            runningOn = null;
            if (cancelReason == null && !timedOut) {
                state = attempts == 0 ? State.QUEUED : State.BACKOFF;
                return true;
            }
            String cancelled = cancelReason;
            String notRun = unstartedReason;
            maker = notRun != null && attempts == 0 ? info -> new Outcome.NotRun<>(info, notRun)
                    : info -> new Outcome.Cancelled<>(info, cancelled);
        }
        complete(maker);
        return false;
    }

    /** What happened to the attempt from outside while it ran. */
    static final class AttemptEnd {
        /** Nothing happened: the common case, not allocated per attempt. */
        static final AttemptEnd UNDISTURBED = new AttemptEnd(false, null);

        // A class, not a record: Lincheck (TaskRecordLincheckTest) cannot read the fields of record classes.
        private final boolean timedOut;
        private final String cancelReason;

        AttemptEnd(boolean timedOut, String cancelReason) {
            this.timedOut = timedOut;
            this.cancelReason = cancelReason;
        }

        /** Whether the attempt's timeout fired while it ran. */
        boolean timedOut() {
            return timedOut;
        }

        /** Why the attempt was cancelled (by the caller, a stop, a deadline), or null. */
        String cancelReason() {
            return cancelReason;
        }
    }

    /** Ends the running attempt: no abort can reach the worker after this returns. */
    synchronized AttemptEnd endAttempt() {
        runningOn = null;
        return !timedOut && cancelReason == null ? AttemptEnd.UNDISTURBED : new AttemptEnd(timedOut, cancelReason);
    }

    /**
     * Ends the running attempt, which returned {@code value}, and if nothing aborted it (no timeout, no
     * cancel) decides the outcome {@code Succeeded} in the same critical section: the common case in one
     * monitor enter instead of two (endAttempt, then complete). No abort can reach the worker after this
     * returns. The caller then clears its interrupt flag and {@linkplain #publish publishes} the outcome.
     *
     * @return the decided outcome; null if the attempt was aborted or the outcome was decided elsewhere,
     *     and then the caller goes the general way: {@link #endAttempt()} (again: idempotent), settle
     */
    Outcome<R> endAttemptSucceeded(R value) {
        synchronized (this) {
            runningOn = null;
            if (state == State.DONE || timedOut || cancelReason != null) {
                return null;
            }
            state = State.DONE;
            return new Outcome.Succeeded<>(info(), value);
        }
    }

    /** Moves to backoff between attempts; false if the task was completed (cancelled) meanwhile. */
    synchronized boolean toBackoff() {
        if (state == State.DONE) {
            return false;
        }
        state = State.BACKOFF;
        return true;
    }

    // ---- aborts, from other threads ----

    /** Fired by the timeout scheduler for {@code attempt}. */
    void timeoutFired(int attempt) {
        synchronized (this) {
            if (state != State.RUNNING || attempts != attempt || runningOn == null) {
                return;
            }
            timedOut = true;
            runningOn.abort();
        }
    }

    /** Immediate stop: interrupts a running attempt, which then ends cancelled. */
    void abortForStop(String reason) {
        synchronized (this) {
            if (state == State.RUNNING && runningOn != null && cancelReason == null) {
                cancelReason = reason;
                unstartedReason = pool.notRunReason();
                runningOn.abort();
            }
        }
    }

    /**
     * Ends the task for a deadline: a queued task as not run, one in backoff as cancelled, a running attempt
     * is aborted and ends cancelled with {@code cancelledReason}. Does nothing to a task that is done, or
     * whose attempt has ended and is being decided.
     */
    void expire(String notRunReason, String cancelledReason) {
        expire(notRunReason, cancelledReason, true);
    }

    /** {@link #expire} for a task that is queued or in backoff; a running one is left alone. */
    void expireIfNotRunning(String notRunReason, String cancelledReason) {
        expire(notRunReason, cancelledReason, false);
    }

    private void expire(String notRunReason, String cancelledReason, boolean abortRunning) {
        OutcomeMaker<R> maker;
        synchronized (this) {
            switch (state) {
                case DONE -> {
                    return;
                }
                case RUNNING -> {
                    if (!abortRunning) {
                        return;
                    }
                    if (runningOn != null && cancelReason == null) {
                        cancelReason = cancelledReason;
                        unstartedReason = notRunReason;
                        runningOn.abort();
                    }
                    return;
                }
                case QUEUED -> maker = info -> new Outcome.NotRun<>(info, notRunReason);
                case BACKOFF -> maker = info -> new Outcome.Cancelled<>(info, cancelledReason);
                default -> throw new IllegalStateException("unknown state " + state);
            }
        }
        complete(maker);
    }

    @Override
    public boolean cancel() {
        synchronized (this) {
            switch (state) {
                case DONE -> {
                    return false;
                }
                case RUNNING -> {
                    if (runningOn == null) {
                        // The attempt has ended and its outcome is being decided: too late to cancel.
                        return false;
                    }
                    if (cancelReason == null) {
                        cancelReason = "cancelled by caller";
                        runningOn.abort();
                    }
                    return true;
                }
                case QUEUED, BACKOFF -> {
                    // fall through to complete outside the switch
                }
                default -> throw new IllegalStateException("unknown state " + state);
            }
        }
        return complete(info -> new Outcome.Cancelled<>(info, "cancelled by caller"));
    }

    // ---- completion ----

    /** Builds an outcome from the task's metadata as of now. */
    @FunctionalInterface
    interface OutcomeMaker<R> {
        Outcome<R> make(TaskInfo info);
    }

    /**
     * Decides the outcome, if not decided yet; then emits the event and runs callbacks.
     *
     * @return true if this call decided it
     */
    boolean complete(OutcomeMaker<R> maker) {
        Outcome<R> outcome;
        synchronized (this) {
            if (state == State.DONE) {
                return false;
            }
            state = State.DONE;
            runningOn = null;
            outcome = maker.make(info());
        }
        publish(outcome);
        return true;
    }

    /** After the outcome was decided (state DONE) by this thread: emits the event and runs callbacks. */
    void publish(Outcome<R> outcome) {
        pool.finished(this, outcome); // before waiters wake: who has seen the outcome sees its event counted
        this.outcome = outcome;
        CompletableFuture<Outcome<R>> f = waiters;
        if (f != null) {
            f.complete(outcome);
        }
        if (onComplete != null) {
            onComplete.accept(this);
        }
        pool.published(this);
    }

    /** The task's metadata, ended now. */
    private TaskInfo info() {
        // Called under the lock. No assert of Thread.holdsLock(this) here: TaskRecordLincheckTest's model
        // checker emulates monitors, so the JVM would answer false inside it.
        return TaskInfo.ofEpochNanos(seq, attempts, worker, submitted, started, pool.clock().now());
    }

    // ---- handle ----

    @Override
    public long seq() {
        return seq;
    }

    /**
     * Whether the outcome is decided (and published). Reads `outcome`, not `state`, so the per-task check
     * takes no lock: see the implementation notes.
     */
    @Override
    public boolean isDone() {
        return outcome != null;
    }

    @Override
    public Outcome<R> await() throws InterruptedException {
        Outcome<R> decided = outcome;
        if (decided != null) {
            return observe(decided);
        }
        try {
            return observe(waiters().get());
        } catch (ExecutionException e) {
            throw new AssertionError("outcome futures never complete exceptionally", e);
        }
    }

    @Override
    public Optional<Outcome<R>> await(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        Outcome<R> decided = outcome;
        if (decided != null) {
            return Optional.of(observe(decided));
        }
        try {
            return Optional.of(observe(waiters().get(timeout.toNanos(), TimeUnit.NANOSECONDS)));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new AssertionError("outcome futures never complete exceptionally", e);
        }
    }

    @Override
    public Optional<Outcome<R>> outcomeNow() {
        Outcome<R> decided = outcome;
        return decided == null ? Optional.empty() : Optional.of(observe(decided));
    }

    @Override
    public CompletionStage<Outcome<R>> completion() {
        observed = true;
        pool.observed(this);
        return waiters().minimalCompletionStage();
    }

    /** The outcome without marking it observed; null if undecided. */
    Outcome<R> peekOutcome() {
        return outcome;
    }

    /** The future waiters wait on, installed if needed, and completed if the outcome is out already. */
    private CompletableFuture<Outcome<R>> waiters() {
        CompletableFuture<Outcome<R>> f = waiters;
        if (f == null) {
            f = new CompletableFuture<>();
            @SuppressWarnings("unchecked")
            var witness = (CompletableFuture<Outcome<R>>) WAITERS.compareAndExchange(this, null, f);
            if (witness != null) {
                f = witness;
            }
        }
        Outcome<R> decided = outcome; // after the CAS: see the implementation notes
        if (decided != null) {
            f.complete(decided);
        }
        return f;
    }

    Outcome<R> observe(Outcome<R> outcome) {
        if (!observed) {
            observed = true;
            pool.observed(this);
        }
        return outcome;
    }

    boolean isObserved() {
        return observed;
    }

    @Override
    public synchronized String toString() {
        return "task " + seq + " (" + state.name().toLowerCase(java.util.Locale.ROOT) + ", attempts " + attempts
                + (worker.isEmpty() ? "" : ", worker " + worker) + ")";
    }
}
