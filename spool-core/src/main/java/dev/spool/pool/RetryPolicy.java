package dev.spool.pool;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * When a failed or timed-out attempt is tried again, and after how long. Immutable.
 *
 * <pre>{@code
 * RetryPolicy.attempts(3).backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(5))
 *            .retryOn(e -> e instanceof IOException)
 * }</pre>
 *
 * <p>Delays grow as {@code initial * multiplier^(attempt-1)}, capped at {@code max}. A stop of the pool cuts
 * a delay short and the task ends with the outcome of its last attempt.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param initialDelay the delay before the second attempt
 * @param multiplier how much each delay grows, at least 1
 * @param maxDelay the longest delay
 * @param retryOn which errors are retried (a timeout is retried when this accepts a {@link
 *     java.util.concurrent.TimeoutException})
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay,
                          Predicate<Throwable> retryOn) {

    private static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, e -> false);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(retryOn, "retryOn");
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must not be negative, was " + initialDelay);
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must not be negative, was " + maxDelay);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number >= 1, was " + multiplier);
        }
    }

    /** No retries: every task gets one attempt. The default. */
    public static RetryPolicy none() {
        return NONE;
    }

    /** Up to {@code maxAttempts} attempts in all, with no delay, for every error. */
    public static RetryPolicy attempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, Duration.ZERO, 1.0, Duration.ZERO, e -> true);
    }

    /** This policy with exponential backoff. */
    public RetryPolicy backoff(Duration initial, double multiplier, Duration max) {
        return new RetryPolicy(maxAttempts, initial, multiplier, max, retryOn);
    }

    /** This policy with a fixed delay between attempts. */
    public RetryPolicy fixedDelay(Duration delay) {
        return new RetryPolicy(maxAttempts, delay, 1.0, delay, retryOn);
    }

    /** This policy, retrying only the errors {@code predicate} accepts. */
    public RetryPolicy retryOn(Predicate<Throwable> predicate) {
        return new RetryPolicy(maxAttempts, initialDelay, multiplier, maxDelay, predicate);
    }

    /** Whether an attempt numbered {@code attempt} (from 1) that ended with {@code error} is tried again. */
    public boolean shouldRetry(int attempt, Throwable error) {
        return attempt < maxAttempts && retryOn.test(error);
    }

    /** The delay after attempt {@code attempt} (from 1) before the next one. */
    public Duration delayAfter(int attempt) {
        double nanos = initialDelay.toNanos() * Math.pow(multiplier, attempt - 1);
        long capped = (long) Math.min(nanos, (double) maxDelay.toNanos());
        return Duration.ofNanos(Math.max(0, capped));
    }
}
