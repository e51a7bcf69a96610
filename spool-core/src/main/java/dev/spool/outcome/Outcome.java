package dev.spool.outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How one task ended: exactly one of {@link Succeeded}, {@link Failed}, {@link TimedOut}, {@link
 * Cancelled} or {@link NotRun}. Every outcome carries the task's {@link TaskInfo}: sequence number,
 * attempts, worker identity and times.
 *
 * <p>Outcomes are values: immutable and safe to share between threads. Switch over them:
 *
 * <pre>{@code
 * switch (outcome) {
 *     case Outcome.Succeeded<Integer>(var info, var value) -> total += value;
 *     case Outcome.Failed<Integer>(var info, var error) -> log(info.seq(), error);
 *     case Outcome.TimedOut<Integer> t -> retryLater(t.info().seq());
 *     case Outcome.Cancelled<Integer> c -> {}
 *     case Outcome.NotRun<Integer> n -> {}
 * }
 * }</pre>
 *
 * @param <R> the type of the task's value
 */
public sealed interface Outcome<R> {

    /** The task's metadata. */
    TaskInfo info();

    /** True only for {@link Succeeded}. */
    default boolean isSuccess() {
        return this instanceof Succeeded<R>;
    }

    /** The value if the task succeeded. */
    default Optional<R> valueIfSucceeded() {
        return this instanceof Succeeded<R>(TaskInfo ignored, R value) ? Optional.ofNullable(value) : Optional.empty();
    }

    /**
     * The value if the task succeeded; otherwise throws {@link TaskFailedException} that names the outcome
     * and carries the task's error as its cause.
     */
    default R valueOrThrow() {
        if (this instanceof Succeeded<R>(TaskInfo ignored, R value)) {
            return value;
        }
        throw new TaskFailedException(this);
    }

    /** A short name of the kind of outcome: {@code succeeded}, {@code failed}, ... */
    default String kind() {
        return switch (this) {
            case Succeeded<R> s -> "succeeded";
            case Failed<R> f -> "failed";
            case TimedOut<R> t -> "timed out";
            case Cancelled<R> c -> "cancelled";
            case NotRun<R> n -> "not run";
        };
    }

    /** The task returned {@code value} (which may be null). */
    record Succeeded<R>(TaskInfo info, R value) implements Outcome<R> {
        public Succeeded {
            Objects.requireNonNull(info, "info");
        }
    }

    /** The task threw {@code error} on its last attempt. */
    record Failed<R>(TaskInfo info, Throwable error) implements Outcome<R> {
        public Failed {
            Objects.requireNonNull(info, "info");
            Objects.requireNonNull(error, "error");
        }
    }

    /** The task's last attempt ran longer than its {@code timeout} and was interrupted or terminated. */
    record TimedOut<R>(TaskInfo info, Duration timeout) implements Outcome<R> {
        public TimedOut {
            Objects.requireNonNull(info, "info");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /** The task was cancelled by its submitter or by an immediate stop, before or while running. */
    record Cancelled<R>(TaskInfo info, String reason) implements Outcome<R> {
        public Cancelled {
            Objects.requireNonNull(info, "info");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The pool stopped before the task started. */
    record NotRun<R>(TaskInfo info, String reason) implements Outcome<R> {
        public NotRun {
            Objects.requireNonNull(info, "info");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Metadata of a task: sequence number, attempts, worker and times. A value: immutable, compared by its
     * components.
     *
     * <p>(Formerly a record; a class so that the pool can keep its times as plain numbers and build the
     * {@link Instant}s only when asked. The accessors, {@code equals}, {@code hashCode} and {@code
     * toString} are those the record had.)
     */
    final class TaskInfo {

        /*
         * Implementation notes.
         *
         * The times are held as epoch nanoseconds, so that the pool's per-task path (ofEpochNanos)
         * allocates no Instant; the accessors build one when asked. `startedNanos` is NOT_STARTED when
         * started() is null. A time a long cannot hold (before 1677 or after 2262, or exactly
         * Long.MIN_VALUE nanoseconds, the marker) can only come from the public constructor: then all
         * three Instants are kept as given in `wide` and the longs are unused. equals/hashCode/toString go
         * through the accessors, as the record's did.
         */

        private static final long NOT_STARTED = Long.MIN_VALUE;

        private final long seq;
        private final int attempts;
        private final String worker;
        private final long submittedNanos;
        private final long startedNanos;
        private final long endedNanos;
        /** {submitted, started, ended} as given, when a long cannot hold one of them; else null. */
        private final Instant[] wide;

        /**
         * @param seq the task's sequence number in its pool, from 1, in submission order
         * @param attempts how many times the task was started (0 if it never started)
         * @param worker who ran the last attempt: a thread name, or {@code pid N}; empty if it never started
         * @param submitted when the task was submitted
         * @param started when the last attempt started, or null if it never started
         * @param ended when the outcome was decided
         * @throws NullPointerException if {@code worker}, {@code submitted} or {@code ended} is null
         */
        public TaskInfo(long seq, int attempts, String worker, Instant submitted, Instant started, Instant ended) {
            this.seq = seq;
            this.attempts = attempts;
            this.worker = Objects.requireNonNull(worker, "worker");
            Objects.requireNonNull(submitted, "submitted");
            Objects.requireNonNull(ended, "ended");
            long s;
            long st;
            long e;
            Instant[] kept = null;
            try {
                s = epochNanos(submitted);
                st = started == null ? NOT_STARTED : epochNanos(started);
                e = epochNanos(ended);
                if (started != null && st == NOT_STARTED) {
                    throw new ArithmeticException("the not-started marker");
                }
            } catch (ArithmeticException tooFar) {
                s = 0;
                st = 0;
                e = 0;
                kept = new Instant[] {submitted, started, ended};
            }
            this.submittedNanos = s;
            this.startedNanos = st;
            this.endedNanos = e;
            this.wide = kept;
        }

        private TaskInfo(long seq, int attempts, String worker, long submittedNanos, long startedNanos,
                         long endedNanos, Instant[] wide) {
            this.seq = seq;
            this.attempts = attempts;
            this.worker = Objects.requireNonNull(worker, "worker");
            this.submittedNanos = submittedNanos;
            this.startedNanos = startedNanos;
            this.endedNanos = endedNanos;
            this.wide = wide;
        }

        /**
         * A task's metadata with its times in nanoseconds since the epoch, for pools that record times
         * without allocating; equal to the info built from the same times as Instants.
         *
         * @param startedEpochNanos when the last attempt started; ignored if {@code attempts} is 0 (then
         *     {@link #started()} is null)
         * @throws NullPointerException if {@code worker} is null
         */
        public static TaskInfo ofEpochNanos(long seq, int attempts, String worker, long submittedEpochNanos,
                                            long startedEpochNanos, long endedEpochNanos) {
            if (attempts == 0) {
                return new TaskInfo(seq, attempts, worker, submittedEpochNanos, NOT_STARTED, endedEpochNanos, null);
            }
            if (startedEpochNanos == NOT_STARTED) { // a real time that collides with the marker
                return new TaskInfo(seq, attempts, worker, instant(submittedEpochNanos),
                        instant(startedEpochNanos), instant(endedEpochNanos));
            }
            return new TaskInfo(seq, attempts, worker, submittedEpochNanos, startedEpochNanos, endedEpochNanos, null);
        }

        /** The task's sequence number in its pool, from 1, in submission order. */
        public long seq() {
            return seq;
        }

        /** How many times the task was started (0 if it never started). */
        public int attempts() {
            return attempts;
        }

        /** Who ran the last attempt: a thread name, or {@code pid N}; empty if it never started. */
        public String worker() {
            return worker;
        }

        /** When the task was submitted. */
        public Instant submitted() {
            return wide != null ? wide[0] : instant(submittedNanos);
        }

        /** When the last attempt started, or null if it never started. */
        public Instant started() {
            if (wide != null) {
                return wide[1];
            }
            return startedNanos == NOT_STARTED ? null : instant(startedNanos);
        }

        /** When the outcome was decided. */
        public Instant ended() {
            return wide != null ? wide[2] : instant(endedNanos);
        }

        /** Time from the start of the last attempt to the end, or zero if it never started. */
        public Duration runTime() {
            if (wide == null && startedNanos == NOT_STARTED) {
                return Duration.ZERO;
            }
            if (wide == null) {
                long nanos = endedNanos - startedNanos;
                if (((endedNanos ^ startedNanos) & (endedNanos ^ nanos)) >= 0) { // no overflow
                    return Duration.ofNanos(nanos);
                }
            }
            Instant started = started();
            return started == null ? Duration.ZERO : Duration.between(started, ended());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TaskInfo other
                    && seq == other.seq
                    && attempts == other.attempts
                    && worker.equals(other.worker)
                    && submitted().equals(other.submitted())
                    && Objects.equals(started(), other.started())
                    && ended().equals(other.ended());
        }

        @Override
        public int hashCode() {
            return Objects.hash(seq, attempts, worker, submitted(), started(), ended());
        }

        @Override
        public String toString() {
            return "TaskInfo[seq=" + seq + ", attempts=" + attempts + ", worker=" + worker
                    + ", submitted=" + submitted() + ", started=" + started() + ", ended=" + ended() + "]";
        }

        private static Instant instant(long epochNanos) {
            return Instant.ofEpochSecond(0, epochNanos);
        }

        /** @throws ArithmeticException if a long cannot hold it */
        private static long epochNanos(Instant instant) {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        }
    }
}
