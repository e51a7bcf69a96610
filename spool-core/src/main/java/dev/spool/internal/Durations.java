package dev.spool.internal;

import java.time.Duration;

/** Durations as the JDK's timed waits take them. */
public final class Durations {

    private Durations() {}

    /**
     * {@code duration} in nanoseconds, saturated: beyond {@link Long#MAX_VALUE} nanoseconds (292 years) a wait
     * is that long, not an {@link ArithmeticException}; a negative one beyond {@link Long#MIN_VALUE} is that.
     */
    public static long toNanosSaturated(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
