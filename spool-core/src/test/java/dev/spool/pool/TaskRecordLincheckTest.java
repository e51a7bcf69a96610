package dev.spool.pool;

import dev.spool.outcome.Outcome;
import dev.spool.pool.spi.Worker;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskRecord}'s hardest race, model-checked by Lincheck: one attempt ending on the worker's thread
 * while a cancel, a timeout and an immediate stop arrive from others.
 */
public class TaskRecordLincheckTest {

    /*
     * Implementation notes.
     *
     * The operations return nothing: a worker's attempt is a compound step (begin, run, end, decide) that
     * a cancel may legitimately land in the middle of, so there is no sequential specification to be
     * linearizable against. The properties are checked instead, in every interleaving Lincheck explores:
     *
     *   - an abort never reaches the worker after its attempt has ended (the worker throws if it does:
     *     an interrupt or a SIGTERM meant for this task would hit the next one);
     *   - the outcome is published exactly once, and once the worker has finished, it is decided;
     *   - a cancel that returned true ends the task Cancelled; a timeout that reached the running attempt
     *     ends it TimedOut or Cancelled, never Succeeded.
     *
     * The record's owner is a counter, not a pool (TaskOwner is the seam): Lincheck walks the test's object
     * graph and cannot read the fields of record classes, which a pool holds.
     *
     * Two models: a task that returns (this class) and one that throws (TaskRecordThrowingLincheckTest),
     * since WorkerLoop ends the two through different methods.
     *
     * Shown to catch a broken TaskRecord: with endAttempt() leaving `runningOn` set, model checking of the
     * throwing model finds a cancel after the attempt's end that aborts the worker.
     */

    private final AbortCountingWorker worker = new AbortCountingWorker();
    private final AtomicInteger published = new AtomicInteger();
    private final TaskRecord<Integer, Integer> record = new TaskRecord<>(new CountingOwner(published), 1,
            new TestTasks.Doubler(), 1, null, -1);
    private volatile boolean workerFinished;
    private volatile boolean cancelAccepted;

    /** The record's owner, instead of a pool: counts the outcomes the record publishes. */
    private static final class CountingOwner implements TaskOwner {
        private final AtomicInteger published;

        CountingOwner(AtomicInteger published) {
            this.published = published;
        }

        @Override
        public void finished(TaskRecord<?, ?> record, Outcome<?> outcome) {
            published.incrementAndGet();
        }

        @Override
        public void observed(TaskRecord<?, ?> record) {}

        @Override
        public String notRunReason() {
            return "stopped, before the task started";
        }

        @Override
        public TaskClock clock() {
            return TaskClock.SYSTEM;
        }
    }

    /** A worker that only counts aborts, and fails on one that comes after its attempt ended. */
    private static final class AbortCountingWorker implements Worker {
        volatile boolean attemptEnded;

        @Override
        public String identity() {
            return "model";
        }

        @Override
        public <I, R> R execute(Task<I, R> task, I input, TaskContext context) {
            throw new UnsupportedOperationException("the model runs no task");
        }

        @Override
        public void abort() {
            if (attemptEnded) {
                throw new AssertionError("an abort reached the worker after its attempt had ended");
            }
        }

        @Override
        public void close() {}
    }

    /** Whether the model's task throws (WorkerLoop's general path) or returns (its one-lock fast path). */
    protected boolean taskThrows() {
        return false;
    }

    /**
     * The worker's side of one attempt, as WorkerLoop.runAttempts does it: begin, run, end, decide. A task
     * that returns goes through endAttemptSucceeded; one that throws through endAttempt and complete.
     */
    @Operation(runOnce = true)
    public void attempt() {
        int attempt = record.beginAttempt(worker, 0);
        if (attempt == 0) {
            workerFinished = true;
            return; // decided while queued
        }
        if (!taskThrows()) {
            Outcome<Integer> succeeded = record.endAttemptSucceeded(2);
            if (succeeded != null) {
                worker.attemptEnded = true;
                record.publish(succeeded);
                workerFinished = true;
                return;
            }
        }
        TaskRecord.AttemptEnd end = record.endAttempt();
        worker.attemptEnded = true;
        IllegalStateException failure = new IllegalStateException("the model's task failed");
        record.complete(info -> end.cancelReason() != null ? new Outcome.Cancelled<>(info, end.cancelReason())
                : end.timedOut() ? new Outcome.TimedOut<>(info, java.time.Duration.ofSeconds(1))
                : taskThrows() ? new Outcome.Failed<>(info, failure) : new Outcome.Succeeded<>(info, 2));
        workerFinished = true;
    }

    @Operation(runOnce = true)
    public void cancel() {
        if (record.cancel()) {
            cancelAccepted = true;
        }
    }

    @Operation(runOnce = true)
    public void timeout() {
        record.timeoutFired(1);
    }

    @Operation(runOnce = true)
    public void stopNow() {
        record.abortForStop("stopped immediately");
    }

    @Validate
    public void exactlyOneOutcome_consistentWithWhatHappened() {
        // plain checks, no AssertJ: Lincheck instruments what the validation calls
        Outcome<Integer> outcome = record.peekOutcome();
        if (published.get() > 1) {
            throw new AssertionError(published.get() + " outcomes published: " + outcome);
        }
        if ((workerFinished || cancelAccepted) && (outcome == null || published.get() != 1)) {
            throw new AssertionError("undecided after the worker finished or a cancel was accepted: " + record);
        }
        if (cancelAccepted && !(outcome instanceof Outcome.Cancelled<Integer>)) {
            throw new AssertionError("a cancel was accepted, yet the outcome is " + outcome);
        }
    }

    @Test
    void modelChecking_attemptRacingCancelTimeoutAndStop_invariantsHold() {
        LinChecker.check(getClass(), new ModelCheckingOptions()
                .iterations(12)
                .invocationsPerIteration(200)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(0)
                .actorsAfter(0));
    }

    @Test
    void stress_attemptRacingCancelTimeoutAndStop_invariantsHold() {
        LinChecker.check(getClass(), new StressOptions()
                .iterations(12)
                .invocationsPerIteration(1_000)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(0)
                .actorsAfter(0));
    }
}
