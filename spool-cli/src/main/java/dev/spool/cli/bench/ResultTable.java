package dev.spool.cli.bench;

import java.io.PrintWriter;
import java.util.List;

/** The readable table of cells on the terminal. */
public final class ResultTable {

    private ResultTable() {}

    /** Prints {@code cells}, one row each, throughput in {@code unit}. */
    public static void print(PrintWriter out, List<CellResult> cells, String unit) {
        out.printf("%-9s %-18s %7s %14s %21s%n", "workload", "kind", "workers", "median " + unit,
                "min-max");
        for (CellResult cell : cells) {
            if (cell.succeeded()) {
                SampleStats stats = cell.stats().orElseThrow();
                out.printf("%-9s %-18s %7d %14s %21s%n", cell.workload(), cell.kind(), cell.workers(),
                        TableFormat.rate(stats.median()), TableFormat.range(stats));
            } else {
                out.printf("%-9s %-18s %7d   failed: %s%n", cell.workload(), cell.kind(), cell.workers(),
                        cell.error());
            }
        }
    }

    /** The recommendation among the successful {@code cells}. */
    public static Recommendation recommend(List<CellResult> cells) {
        return Recommendation.choose(cells.stream().filter(CellResult::succeeded)
                .map(c -> new Recommendation.Candidate(c.label(), c.stats().orElseThrow())).toList());
    }
}
