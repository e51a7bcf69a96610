package dev.spool.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Median, min-max and the pairing of alternating samples, on synthetic samples. */
class StatisticsTest {

    @Test
    void sampleStats_oddCount_medianIsMiddleValue() {
        SampleStats stats = SampleStats.of(List.of(30.0, 10.0, 20.0));

        assertThat(stats.median()).isEqualTo(20.0);
        assertThat(stats.min()).isEqualTo(10.0);
        assertThat(stats.max()).isEqualTo(30.0);
        assertThat(stats.count()).isEqualTo(3);
    }

    @Test
    void sampleStats_evenCount_medianIsMeanOfMiddleTwo() {
        assertThat(SampleStats.of(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
    }

    @Test
    void sampleStats_oneSample_isItsOwnMedianAndRange() {
        SampleStats stats = SampleStats.of(List.of(7.0));

        assertThat(stats).isEqualTo(new SampleStats(7.0, 7.0, 7.0, 1));
    }

    @Test
    void sampleStats_noSamplesOrNaN_rejected() {
        assertThatThrownBy(() -> SampleStats.of(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleStats.of(List.of(1.0, Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }

    @Test
    void tooWide_spreadOverOnePointFive_true_atOrBelow_false() {
        assertThat(SampleStats.of(List.of(100.0, 150.0)).spread()).isEqualTo(1.5);
        assertThat(SampleStats.of(List.of(100.0, 150.0)).tooWide()).isFalse();
        assertThat(SampleStats.of(List.of(100.0, 120.0, 151.0)).tooWide()).isTrue();
        assertThat(SampleStats.of(List.of(7.0)).tooWide()).isFalse();
    }

    @Test
    void resultTable_tooWideCell_markedInItsRowAndExplainedOnce() {
        var text = new java.io.StringWriter();
        ResultTable.print(new java.io.PrintWriter(text), List.of(
                new CellResult("cpu", "serial", 1, List.of(2229.0, 2755.0, 3282.0), null),   // 1.47x
                new CellResult("cpu", "platform", 1, List.of(6433.0, 9437.0, 9612.0), null), // 1.49x
                new CellResult("tiny", "serial", 1, List.of(8.86e6, 10.64e6, 35.11e6), null), // 3.96x
                CellResult.failed("cpu", "process", 1, "boom")), "tasks/s");

        List<String> lines = text.toString().lines().toList();
        assertThat(lines.get(0)).contains("min-max", "spread");
        assertThat(lines.get(1)).contains("1.47x").doesNotContain(ResultTable.TOO_WIDE);
        assertThat(lines.get(2)).contains("1.49x").doesNotContain(ResultTable.TOO_WIDE);
        assertThat(lines.get(3)).contains("3.96x").endsWith(ResultTable.TOO_WIDE);
        assertThat(lines.get(4)).contains("failed: boom");
        assertThat(lines).filteredOn(line -> line.startsWith(ResultTable.TOO_WIDE + ":")).singleElement()
                .asString().contains("1.5x").contains("never recommended");
    }

    @Test
    void overlaps_touchingOrCrossingRanges_true_separateRanges_false() {
        SampleStats low = SampleStats.of(List.of(10.0, 12.0));
        SampleStats touching = SampleStats.of(List.of(12.0, 15.0));
        SampleStats high = SampleStats.of(List.of(13.0, 15.0));

        assertThat(low.overlaps(touching)).isTrue();
        assertThat(touching.overlaps(low)).isTrue();
        assertThat(low.overlaps(high)).isFalse();
        assertThat(high.overlaps(low)).isFalse();
    }

    @Test
    void pairedRatio_alternatingSamples_ratioOfMediansAndSpreadOfPairRatios() {
        // A B A B A B: A is twice B in each pair, except that the machine slowed down in the middle pair
        List<Double> a = List.of(200.0, 100.0, 210.0);
        List<Double> b = List.of(100.0, 40.0, 100.0);

        PairedRatio ratio = PairedRatio.of(a, b);

        assertThat(ratio.ratioOfMedians()).isCloseTo(2.0, within(1e-9));
        assertThat(ratio.minPairRatio()).isCloseTo(2.0, within(1e-9));
        assertThat(ratio.maxPairRatio()).isCloseTo(2.5, within(1e-9));
        assertThat(ratio.pairs()).isEqualTo(3);
        assertThat(ratio.toString()).isEqualTo("2.00x (pairs 2.00x-2.50x, n=3)");
    }

    @Test
    void pairedRatio_unequalCounts_rejected() {
        assertThatThrownBy(() -> PairedRatio.of(List.of(1.0, 2.0), List.of(1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 and 1");
    }

    @Test
    void rate_formatsByMagnitude() {
        assertThat(TableFormat.rate(2_345_678)).isEqualTo("2.35M");
        assertThat(TableFormat.rate(12_345)).isEqualTo("12.3k");
        assertThat(TableFormat.rate(812.4)).isEqualTo("812");
        assertThat(TableFormat.rate(4.56)).isEqualTo("4.6");
    }
}
