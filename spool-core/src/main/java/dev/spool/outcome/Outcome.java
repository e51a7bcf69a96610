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
     * Metadata of a task.
     *
     * @param seq the task's sequence number in its pool, from 1, in submission order
     * @param attempts how many times the task was started (0 if it never started)
     * @param worker who ran the last attempt: a thread name, or {@code pid N}; empty if it never started
     * @param submitted when the task was submitted
     * @param started when the last attempt started, or null if it never started
     * @param ended when the outcome was decided
     */
    record TaskInfo(long seq, int attempts, String worker, Instant submitted, Instant started, Instant ended) {
        public TaskInfo {
            Objects.requireNonNull(worker, "worker");
            Objects.requireNonNull(submitted, "submitted");
            Objects.requireNonNull(ended, "ended");
        }

        /** Time from the start of the last attempt to the end, or zero if it never started. */
        public Duration runTime() {
            return started == null ? Duration.ZERO : Duration.between(started, ended);
        }
    }
}
