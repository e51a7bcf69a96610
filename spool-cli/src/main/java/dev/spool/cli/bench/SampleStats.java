package dev.spool.cli.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The summary of one cell's measured samples (throughputs, higher is better): median, minimum and maximum.
 * Immutable.
 *
 * @param median the median: the middle sample, or the mean of the two middle ones for an even count
 * @param min the smallest sample
 * @param max the largest sample
 * @param count how many samples
 */
public record SampleStats(double median, double min, double max, int count) {

    /**
     * Summarises {@code samples}.
     *
     * @throws IllegalArgumentException if there are none, or one is not a finite number
     */
    public static SampleStats of(List<Double> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        for (double sample : sorted) {
            if (!Double.isFinite(sample)) {
                throw new IllegalArgumentException("sample is not a finite number: " + sample + " in " + samples);
            }
        }
        return new SampleStats(median(sorted), sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    /** The median of {@code values} (any order, not changed). */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** True when the min–max ranges of this and {@code other} share at least one value: inside the noise. */
    public boolean overlaps(SampleStats other) {
        return min <= other.max && other.min <= max;
    }
}
