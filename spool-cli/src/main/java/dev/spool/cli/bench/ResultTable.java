package dev.spool.cli.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The readable table of cells on the terminal. */
public final class ResultTable {

    /** The mark of a cell whose range is too wide to trust. */
    public static final String TOO_WIDE = "too wide";

    private ResultTable() {}

    /**
     * Prints {@code cells}, one row each, throughput in {@code unit}. A cell whose range is {@linkplain
     * SampleStats#tooWide() too wide} to trust says so in its row, and a note under the table says why.
     */
    public static void print(PrintWriter out, List<CellResult> cells, String unit) {
        out.printf("%-9s %-18s %7s %14s %21s %7s%n", "workload", "kind", "workers", "median " + unit,
                "min-max", "spread");
        boolean anyTooWide = false;
        for (CellResult cell : cells) {
            if (cell.succeeded()) {
                SampleStats stats = cell.stats().orElseThrow();
                anyTooWide |= stats.tooWide();
                out.printf("%-9s %-18s %7d %14s %21s %7s%s%n", cell.workload(), cell.kind(), cell.workers(),
                        TableFormat.rate(stats.median()), TableFormat.range(stats), TableFormat.spread(stats),
                        stats.tooWide() ? "  " + TOO_WIDE : "");
            } else {
                out.printf("%-9s %-18s %7d   failed: %s%n", cell.workload(), cell.kind(), cell.workers(),
                        cell.error());
            }
        }
        if (anyTooWide) {
            out.printf(Locale.ROOT, "%s: the runs of the cell disagree by more than %.1fx (max/min), so its median"
                    + " is not to be trusted and it is never recommended; run more (--runs), or on a quieter"
                    + " machine%n", TOO_WIDE, SampleStats.MAX_TRUSTED_SPREAD);
        }
    }

    /** The recommendation among the successful {@code cells}. */
    public static Recommendation recommend(List<CellResult> cells) {
        return Recommendation.choose(cells.stream().filter(CellResult::succeeded)
                .map(c -> new Recommendation.Candidate(c.label(), c.stats().orElseThrow())).toList());
    }
}
