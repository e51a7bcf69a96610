package dev.spool.cli.bench;

import java.time.Duration;
import java.util.List;

/**
 * When a warm-up may end: once the JIT has stopped making the work faster. A warm-up makes at least {@code
 * minRuns} runs (and at least three, to see a trend) and runs for at least {@code minTime}; then it ends
 * when neither of the last two runs beat the best run before them by more than {@link #TOLERANCE} (the rate
 * has levelled off), or once it has run for {@code maxTime} in any case. With {@code minRuns} 0 there is no
 * warm-up at all. Immutable.
 *
 * <p>The time minimum is there because a rate can level off for a while before the JIT's optimising tier
 * catches up (on a busy machine its compiler threads wait for a core too): levelling off alone ended warm-ups
 * a few runs too early.
 *
 * @param minRuns the runs always made ({@code --warmup}); 0 for none
 * @param minTime the least time to warm up for, once there is a warm-up
 * @param maxTime the time after which a warm-up ends whether or not the rate has levelled off (the runs of
 *     {@code minRuns} are made anyway)
 */
public record WarmUpPolicy(int minRuns, Duration minTime, Duration maxTime) {

    /** How much faster than the best before it a run may be and still count as levelled off: 5%. */
    public static final double TOLERANCE = 1.05;

    /** The time after which a warm-up ends whether or not the rate has levelled off. */
    public static final Duration MAX_TIME = Duration.ofSeconds(5);

    public WarmUpPolicy {
        if (minRuns < 0 || minTime.isNegative() || maxTime.compareTo(minTime) < 0) {
            throw new IllegalArgumentException("warm-up: min runs " + minRuns + ", min time " + minTime
                    + ", max time " + maxTime);
        }
    }

    /** At least {@code minRuns} runs (none if 0), then until the rate levels off, for {@link #MAX_TIME} at most. */
    public static WarmUpPolicy atLeast(int minRuns) {
        return new WarmUpPolicy(minRuns, Duration.ZERO, MAX_TIME);
    }

    /** This policy, warming up for at least {@code time} too. */
    public WarmUpPolicy forAtLeast(Duration time) {
        return new WarmUpPolicy(minRuns, time, maxTime.compareTo(time) < 0 ? time : maxTime);
    }

    /** The fewest runs a warm-up under this policy makes: 0, or enough to see whether the rate levels off. */
    public int fewestRuns() {
        return minRuns == 0 ? 0 : Math.max(minRuns, 3);
    }

    /**
     * True when a warm-up whose runs had {@code rates} (per second, in run order) and took {@code elapsed}
     * in all may end.
     */
    public boolean done(List<Double> rates, Duration elapsed) {
        int n = rates.size();
        if (n < fewestRuns()) {
            return false;
        }
        if (minRuns == 0 || elapsed.compareTo(maxTime) >= 0) {
            return true;
        }
        if (elapsed.compareTo(minTime) < 0) {
            return false;
        }
        double bestBefore = 0;
        for (int i = 0; i < n - 2; i++) {
            bestBefore = Math.max(bestBefore, rates.get(i));
        }
        return rates.get(n - 2) <= bestBefore * TOLERANCE && rates.get(n - 1) <= bestBefore * TOLERANCE;
    }
}
