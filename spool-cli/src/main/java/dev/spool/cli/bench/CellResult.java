package dev.spool.cli.bench;

import java.util.List;
import java.util.Optional;

/**
 * One cell of the matrix after it ran: every measured sample (throughput per run, per second), or the error
 * that stopped it.
 *
 * @param workload the workload's name
 * @param kind the kind, e.g. {@code virtual}, or {@code spool -j} for the shell workload
 * @param workers the worker count
 * @param samples the measured throughputs, one per run, in the order they ran; empty if the cell failed
 * @param error the error that stopped the cell, or null
 */
public record CellResult(String workload, String kind, int workers, List<Double> samples, String error) {

    public CellResult {
        samples = List.copyOf(samples);
    }

    /** A cell that failed with {@code error}. */
    public static CellResult failed(String workload, String kind, int workers, String error) {
        return new CellResult(workload, kind, workers, List.of(), error);
    }

    /** True when every run was measured. */
    public boolean succeeded() {
        return error == null && !samples.isEmpty();
    }

    /** The summary, when the cell succeeded. */
    public Optional<SampleStats> stats() {
        return succeeded() ? Optional.of(SampleStats.of(samples)) : Optional.empty();
    }

    /** The label of the cell in the recommendation, e.g. {@code virtual x4}, or {@code spool -j4} for a command. */
    public String label() {
        return kind.endsWith(" -j") || kind.endsWith(" -P") ? kind + workers : kind + " x" + workers;
    }
}
