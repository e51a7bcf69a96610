package dev.spool.monitor;

import java.time.Duration;
import java.util.Locale;

/** Short human-readable durations and rates for one-line status and log messages (ASCII only). */
final class DurationText {
    private DurationText() {}

    /** {@code 850 ns}, {@code 12 us}, {@code 4.0 ms}, {@code 2.5 s}, {@code 0:01:05}. */
    static String of(Duration d) {
        long nanos = d.toNanos();
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return nanos / 1_000 + " us";
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        if (nanos < 60_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
        }
        return clock(d);
    }

    /** {@code H:MM:SS}, whole seconds rounded up (so only zero reads {@code 0:00:00}). */
    static String clock(Duration d) {
        long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /** {@code 0.5/s}, {@code 812/s}, {@code 1.2k/s}, {@code 3.4M/s}. */
    static String rate(double perSecond) {
        if (perSecond < 10) {
            return String.format(Locale.ROOT, "%.1f/s", perSecond);
        }
        if (perSecond < 1_000) {
            return String.format(Locale.ROOT, "%.0f/s", perSecond);
        }
        if (perSecond < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fk/s", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.1fM/s", perSecond / 1e6);
    }
}
