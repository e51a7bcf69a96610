package dev.spool.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.cli.bench.Recommendation.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recommendation on synthetic cells: picks the best, refuses a winner inside the noise. */
class RecommendationTest {

    private static Candidate cell(String label, double... samples) {
        return new Candidate(label, SampleStats.of(java.util.Arrays.stream(samples).boxed().toList()));
    }

    @Test
    void choose_separatedRanges_picksHighestMedianAsClearWinner() {
        Recommendation r = Recommendation.choose(List.of(
                cell("platform x1", 100, 110, 105),
                cell("virtual x4", 400, 420, 410),
                cell("platform x4", 300, 320, 310)));

        assertThat(r.clear()).isTrue();
        assertThat(r.best()).map(Candidate::label).hasValue("virtual x4");
        assertThat(r.runnerUp()).map(Candidate::label).hasValue("platform x4");
        assertThat(r.describe("tasks/s"))
                .startsWith("recommendation: virtual x4, 1.32x the next best, platform x4")
                .contains("do not overlap");
    }

    @Test
    void choose_runnerUpRangeOverlaps_noClearWinnerAndSaysWhy() {
        Recommendation r = Recommendation.choose(List.of(
                cell("virtual x4", 400, 300, 410),
                cell("platform x4", 390, 395, 305),
                cell("serial x1", 50, 51, 52)));

        assertThat(r.clear()).isFalse();
        assertThat(r.best()).map(Candidate::label).hasValue("virtual x4");
        assertThat(r.describe("tasks/s"))
                .startsWith("no clear winner: virtual x4")
                .contains("platform x4")
                .contains("inside the noise")
                .contains("overlap");
    }

    @Test
    void choose_bestMedianWinsEvenWhenAnotherCellHasTheHighestSample() {
        Recommendation r = Recommendation.choose(List.of(
                cell("-j2", 90, 100, 500),
                cell("-j4", 200, 210, 220)));

        assertThat(r.best()).map(Candidate::label).hasValue("-j4");
        assertThat(r.clear()).isFalse();
    }

    @Test
    void choose_bestRangeTooWide_noRecommendationAndSaysWhy() {
        Recommendation r = Recommendation.choose(List.of(
                cell("virtual x4", 400, 900, 1000), // spread 2.5x: highest median, but too wide to trust
                cell("platform x4", 300, 310, 320),
                cell("serial x1", 50, 51, 52)));

        assertThat(r.clear()).isFalse();
        assertThat(r.best()).map(Candidate::label).hasValue("virtual x4");
        assertThat(r.describe("tasks/s"))
                .startsWith("no recommendation: virtual x4 has the highest median")
                .contains("400-1000", "2.50x", "too wide to trust");
    }

    @Test
    void choose_runnerUpTooWideButSeparate_bestStillRecommended() {
        Recommendation r = Recommendation.choose(List.of(
                cell("platform x4", 1000, 1010, 1020),
                cell("virtual x4", 100, 400, 500)));

        assertThat(r.clear()).isTrue();
        assertThat(r.describe("tasks/s")).startsWith("recommendation: platform x4");
    }

    @Test
    void choose_singleCellTooWide_noRecommendation() {
        Recommendation r = Recommendation.choose(List.of(cell("-j2", 10, 20)));

        assertThat(r.clear()).isFalse();
        assertThat(r.describe("jobs/s")).startsWith("no recommendation: -j2").contains("too wide");
    }

    @Test
    void choose_singleCell_isTheRecommendation() {
        Recommendation r = Recommendation.choose(List.of(cell("-j2", 10, 11)));

        assertThat(r.clear()).isTrue();
        assertThat(r.describe("jobs/s")).startsWith("recommendation: -j2").contains("only cell");
    }

    @Test
    void choose_noCells_saysNothingWasMeasured() {
        Recommendation r = Recommendation.choose(List.of());

        assertThat(r.best()).isEmpty();
        assertThat(r.describe("tasks/s")).contains("no cell was measured");
    }
}
