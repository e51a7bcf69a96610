package dev.spool.cli.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The advice at the end of a benchmark: the cell with the highest median throughput, and whether it is a
 * clear winner. It is clear only when its own range is not {@linkplain SampleStats#tooWide() too wide} to
 * trust and the runner-up's min–max range does not overlap the best's: when they overlap, the difference is
 * inside the noise; when the best's range is too wide, its median means little. Either way no winner is
 * named.
 *
 * @param best the cell with the highest median, if any cell was measured
 * @param runnerUp the cell with the second-highest median, if there is one
 * @param clear true when there is a best cell, its range is not too wide, and there is no runner-up or the
 *     runner-up's range does not overlap
 */
public record Recommendation(Optional<Candidate> best, Optional<Candidate> runnerUp, boolean clear) {

    /** One measured cell: a label (such as {@code virtual x4} or {@code -j4}) and its throughput. */
    public record Candidate(String label, SampleStats stats) {}

    /** Chooses among {@code candidates} (any order; an empty list gives no recommendation). */
    public static Recommendation choose(List<Candidate> candidates) {
        List<Candidate> ranked = candidates.stream()
                .sorted(Comparator.comparingDouble((Candidate c) -> c.stats().median()).reversed())
                .toList();
        if (ranked.isEmpty()) {
            return new Recommendation(Optional.empty(), Optional.empty(), false);
        }
        Candidate best = ranked.get(0);
        boolean trusted = !best.stats().tooWide();
        if (ranked.size() == 1) {
            return new Recommendation(Optional.of(best), Optional.empty(), trusted);
        }
        Candidate second = ranked.get(1);
        return new Recommendation(Optional.of(best), Optional.of(second),
                trusted && !best.stats().overlaps(second.stats()));
    }

    /** One line for the user, naming the winner and its margin, or saying why there is none. */
    public String describe(String unit) {
        if (best.isEmpty()) {
            return "no recommendation: no cell was measured";
        }
        Candidate b = best.get();
        if (b.stats().tooWide()) {
            return String.format(Locale.ROOT, "no recommendation: %s has the highest median (%s %s), but its runs"
                            + " range over %s, a spread of %s (more than %.1fx is too wide to trust); run more"
                            + " (--runs), or on a quieter machine", b.label(), TableFormat.rate(b.stats().median()),
                    unit, TableFormat.range(b.stats()), TableFormat.spread(b.stats()), SampleStats.MAX_TRUSTED_SPREAD);
        }
        if (runnerUp.isEmpty()) {
            return String.format(Locale.ROOT, "recommendation: %s (%s %s; the only cell measured)", b.label(),
                    TableFormat.rate(b.stats().median()), unit);
        }
        Candidate r = runnerUp.get();
        double margin = b.stats().median() / r.stats().median();
        if (clear) {
            return String.format(Locale.ROOT, "recommendation: %s, %.2fx the next best, %s (%s vs %s %s; ranges %s and %s"
                            + " do not overlap)", b.label(), margin, r.label(), TableFormat.rate(b.stats().median()),
                    TableFormat.rate(r.stats().median()), unit, TableFormat.range(b.stats()),
                    TableFormat.range(r.stats()));
        }
        return String.format(Locale.ROOT, "no clear winner: %s (%s %s) and %s (%s %s) differ by %.2fx, inside the noise"
                        + " (ranges %s and %s overlap); run more (--runs) or pick either", b.label(),
                TableFormat.rate(b.stats().median()), unit, r.label(), TableFormat.rate(r.stats().median()), unit,
                margin, TableFormat.range(b.stats()), TableFormat.range(r.stats()));
    }
}
