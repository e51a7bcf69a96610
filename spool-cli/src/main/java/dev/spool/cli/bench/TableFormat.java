package dev.spool.cli.bench;

import java.util.Locale;

/** Number formats shared by the table, the recommendation and the ratios. */
final class TableFormat {

    private TableFormat() {}

    /** A throughput with a sensible number of digits: {@code 1234567} as {@code 1.23M}, {@code 812.4} as {@code 812}. */
    static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
        }
        if (perSecond >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
        }
        if (perSecond >= 100) {
            return String.format(Locale.ROOT, "%.0f", perSecond);
        }
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }

    /** The spread of a cell, max / min: {@code 1.07x}. */
    static String spread(SampleStats stats) {
        double spread = stats.spread();
        return Double.isFinite(spread) ? String.format(Locale.ROOT, "%.2fx", spread) : "inf";
    }

    /** {@code min-max} of a cell. */
    static String range(SampleStats stats) {
        return rate(stats.min()) + "-" + rate(stats.max());
    }
}
