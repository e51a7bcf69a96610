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
     * The largest {@linkplain #spread() spread} of a cell whose figures can be trusted: 1.5. Beyond it the
     * runs disagree too much (a machine busy with something else, a JIT still at work) for the median to
     * mean much; such a cell is marked in the table and never recommended.
     */
    public static final double MAX_TRUSTED_SPREAD = 1.5;

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

    /** How far apart the samples are: max / min (1 when they all agree; infinite if min is 0). */
    public double spread() {
        return max / min;
    }

    /** True when the {@linkplain #spread() spread} exceeds {@link #MAX_TRUSTED_SPREAD}: too wide to trust. */
    public boolean tooWide() {
        return spread() > MAX_TRUSTED_SPREAD;
    }

    /** True when the min–max ranges of this and {@code other} share at least one value: inside the noise. */
    public boolean overlaps(SampleStats other) {
        return min <= other.max && other.min <= max;
    }
}
