package dev.spool.cli.bench;

import java.util.List;
import java.util.Locale;

/**
 * How much A beats B, from samples taken in alternating order (A B A B ...): sample {@code i} of A and
 * sample {@code i} of B form one pair, measured moments apart, so drift of a noisy machine hurts both
 * alike. Samples are throughputs: a ratio above 1 means A is faster.
 *
 * @param ratioOfMedians median of A divided by median of B
 * @param minPairRatio the smallest of the per-pair ratios {@code a[i] / b[i]}
 * @param maxPairRatio the largest of the per-pair ratios
 * @param pairs how many pairs
 */
public record PairedRatio(double ratioOfMedians, double minPairRatio, double maxPairRatio, int pairs) {

    /**
     * Pairs {@code a} with {@code b}.
     *
     * @throws IllegalArgumentException if the lists are empty or of different sizes, or a B sample is not
     *     positive
     */
    public static PairedRatio of(List<Double> a, List<Double> b) {
        if (a.isEmpty() || a.size() != b.size()) {
            throw new IllegalArgumentException("paired samples need equal, non-zero counts; got "
                    + a.size() + " and " + b.size());
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < a.size(); i++) {
            if (!(b.get(i) > 0)) {
                throw new IllegalArgumentException("sample " + i + " of B is not positive: " + b.get(i));
            }
            double ratio = a.get(i) / b.get(i);
            min = Math.min(min, ratio);
            max = Math.max(max, ratio);
        }
        double ratio = SampleStats.of(a).median() / SampleStats.of(b).median();
        return new PairedRatio(ratio, min, max, a.size());
    }

    /** For example {@code 1.42x (pairs 1.30x-1.55x, n=3)}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.2fx (pairs %.2fx-%.2fx, n=%d)", ratioOfMedians, minPairRatio, maxPairRatio, pairs);
    }
}
