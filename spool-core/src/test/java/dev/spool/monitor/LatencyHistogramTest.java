package dev.spool.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LatencyHistogramTest {

    private static final double[] PERCENTILES = {0, 0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100};

    @Test
    void percentile_logUniformRandomValues_withinRelativeErrorOfExactRank() {
        var random = new SplittableRandom(42);
        var histogram = new LatencyHistogram();
        long[] values = new long[100_000];
        double lo = Math.log(1_000);
        double hi = Math.log(3_600e9);
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(lo + random.nextDouble() * (hi - lo));
            histogram.record(values[i]);
        }
        Arrays.sort(values);

        for (double p : PERCENTILES) {
            long exact = values[(int) Math.max(1, Math.ceil(p / 100 * values.length)) - 1];
            assertThat((double) histogram.percentile(p).toNanos())
                    .as("p%s", p)
                    .isCloseTo(exact, within(exact * LatencyHistogram.RELATIVE_ERROR));
        }
    }

    @Test
    void percentile_narrowNormalValues_withinRelativeErrorOfExactRank() {
        var random = new SplittableRandom(7);
        var histogram = new LatencyHistogram();
        long[] values = new long[50_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(1_000, (long) (2_000_000 + 300_000 * random.nextGaussian()));
            histogram.record(values[i]);
        }
        Arrays.sort(values);

        for (double p : PERCENTILES) {
            long exact = values[(int) Math.max(1, Math.ceil(p / 100 * values.length)) - 1];
            assertThat((double) histogram.percentile(p).toNanos())
                    .as("p%s", p)
                    .isCloseTo(exact, within(exact * LatencyHistogram.RELATIVE_ERROR));
        }
    }

    @Test
    void countMaxMean_afterRecording_areExact() {
        var histogram = new LatencyHistogram();
        histogram.record(2_000);
        histogram.record(4_000);
        histogram.record(9_000);

        assertThat(histogram.count()).isEqualTo(3);
        assertThat(histogram.max()).isEqualTo(Duration.ofNanos(9_000));
        assertThat(histogram.mean()).isEqualTo(Duration.ofNanos(5_000));
        assertThat(histogram.percentile(100)).isEqualTo(Duration.ofNanos(9_000));
    }

    @Test
    void record_belowLowestOrNegative_clampsToLowest() {
        var histogram = new LatencyHistogram();
        histogram.record(0);
        histogram.record(-5);
        histogram.record(999);

        assertThat(histogram.count()).isEqualTo(3);
        assertThat(histogram.max()).isEqualTo(LatencyHistogram.LOWEST);
        assertThat(histogram.percentile(0)).isEqualTo(LatencyHistogram.LOWEST);
        assertThat(histogram.mean()).isEqualTo(LatencyHistogram.LOWEST);
    }

    @Test
    void record_aboveHighest_clampsToHighest() {
        var histogram = new LatencyHistogram();
        histogram.record(Long.MAX_VALUE);
        histogram.record(Duration.ofHours(2).toNanos());

        assertThat(histogram.max()).isEqualTo(LatencyHistogram.HIGHEST);
        assertThat(histogram.percentile(50)).isEqualTo(LatencyHistogram.HIGHEST);
        assertThat(histogram.percentile(0).toNanos())
                .isCloseTo(LatencyHistogram.HIGHEST.toNanos(),
                        within((long) (LatencyHistogram.HIGHEST.toNanos() * LatencyHistogram.RELATIVE_ERROR)));
    }

    @Test
    void readers_emptyHistogram_returnZero() {
        var histogram = new LatencyHistogram();

        assertThat(histogram.count()).isZero();
        assertThat(histogram.percentile(99)).isEqualTo(Duration.ZERO);
        assertThat(histogram.max()).isEqualTo(Duration.ZERO);
        assertThat(histogram.mean()).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.001, 100.5, Double.NaN, Double.POSITIVE_INFINITY})
    void percentile_outOfRange_throwsNamingValue(double p) {
        var histogram = new LatencyHistogram();

        assertThatThrownBy(() -> histogram.percentile(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(p));
    }

    @Test
    void buckets_everyValueInRange_liesInItsBucket() {
        var random = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            long v = random.nextLong(LatencyHistogram.LOWEST.toNanos(), LatencyHistogram.HIGHEST.toNanos() + 1);
            int index = LatencyHistogram.indexOf(v);
            long lower = LatencyHistogram.lowerBound(index);

            assertThat(v).as("value %d in bucket %d", v, index)
                    .isGreaterThanOrEqualTo(lower)
                    .isLessThan(lower + LatencyHistogram.width(index));
        }
    }
}
