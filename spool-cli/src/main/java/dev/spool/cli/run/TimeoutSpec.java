package dev.spool.cli.run;

import dev.spool.cli.UsageException;
import java.time.Duration;

/**
 * GNU parallel's {@code --timeout}: seconds (decimals allowed, with an optional s/m/h/d suffix), or
 * {@code N%} of the median run time of the jobs so far (applied once at least 3 jobs have succeeded).
 *
 * @param fixed the limit, or null when given as a percentage
 * @param percentOfMedian the percentage, or -1
 */
public record TimeoutSpec(Duration fixed, double percentOfMedian) {

    /** @throws UsageException naming the bad value */
    public static TimeoutSpec parse(String spec) {
        String s = spec.trim();
        try {
            if (s.endsWith("%")) {
                double percent = Double.parseDouble(s.substring(0, s.length() - 1));
                if (!(percent > 0) || Double.isInfinite(percent)) {
                    throw bad(spec);
                }
                return new TimeoutSpec(null, percent);
            }
            return new TimeoutSpec(parseDuration(s, "--timeout", false), -1);
        } catch (NumberFormatException e) {
            throw bad(spec);
        }
    }

    /**
     * Parses {@code 1.5}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d} (GNU parallel's durations) as a
     * positive duration, or zero too when {@code allowZero}.
     *
     * @throws UsageException naming {@code option} and the bad value
     */
    public static Duration parseDuration(String text, String option, boolean allowZero) {
        String original = text;
        String s = text.trim();
        double unit = 1;
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        switch (last) {
            case 's' -> s = s.substring(0, s.length() - 1);
            case 'm' -> { unit = 60; s = s.substring(0, s.length() - 1); }
            case 'h' -> { unit = 3600; s = s.substring(0, s.length() - 1); }
            case 'd' -> { unit = 86400; s = s.substring(0, s.length() - 1); }
            default -> { }
        }
        double seconds;
        try {
            seconds = Double.parseDouble(s) * unit;
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": '" + original + "' is not a duration (seconds, or N with s/m/h/d)");
        }
        if (!(seconds > 0 || allowZero && seconds == 0) || Double.isInfinite(seconds)) {
            throw new UsageException(option + ": '" + original + "' must be a "
                    + (allowZero ? "non-negative" : "positive") + " duration");
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    private static UsageException bad(String spec) {
        return new UsageException("--timeout: '" + spec + "' is not a duration (seconds, N with s/m/h/d, or N%)");
    }
}
