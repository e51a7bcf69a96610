package dev.spool.cli.bench;

import java.util.List;

/**
 * Spool against another tool on the same workload and worker count, from samples taken in alternating
 * rounds.
 *
 * @param workload the workload: {@code command} or a Java workload's name
 * @param spool the label of spool's cell, e.g. {@code spool -j2}
 * @param other the label of the other tool's cell, e.g. {@code xargs -P2}
 * @param spoolSamples spool's samples, in round order
 * @param otherSamples the other tool's samples, in round order
 * @param ratio spool's throughput over the other's: above 1, spool is faster
 */
public record Comparison(String workload, String spool, String other, List<Double> spoolSamples,
        List<Double> otherSamples, PairedRatio ratio) {

    /** Pairs the samples of two cells that both succeeded. */
    public static Comparison of(CellResult spool, CellResult other) {
        return new Comparison(spool.workload(), spool.label(), other.label(), spool.samples(), other.samples(),
                PairedRatio.of(spool.samples(), other.samples()));
    }

    /** For example {@code command: spool -j2 / xargs -P2 = 0.61x (pairs 0.58x-0.66x, n=3)}. */
    public String describe() {
        return workload + ": " + spool + " / " + other + " = " + ratio;
    }
}
