package dev.spool.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The text of {@link Pipeline#report()}: a line per stage and the bottleneck line. */
final class PipelineReport {

    private PipelineReport() {}

    static String text(String pipeline, long inFlight, int unread, boolean outcomesFull, List<StageSnapshot> stages) {
        var out = new StringBuilder(String.format(Locale.ROOT, "pipeline %s: %,d in flight, %,d outcomes unread%n",
                pipeline, inFlight, unread));
        int width = stages.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        for (StageSnapshot s : stages) {
            out.append(String.format(Locale.ROOT, "  %-" + width + "s  %s x%d: queued %d/%d, busy %d/%d, done %,d"
                            + " (%,d failed, %,d filtered)", s.name(), s.kind().name().toLowerCase(Locale.ROOT),
                    s.workers(), s.queued(), s.buffer(), s.busy(), s.workers(), s.succeeded() + s.failed(), s.failed(),
                    s.dropped()));
            s.stats().ifPresent(stats -> out.append(String.format(Locale.ROOT, ", %,.1f/s, p50 %d ms, p99 %d ms",
                    stats.recentThroughput(), stats.p50().toMillis(), stats.p99().toMillis())));
            out.append(System.lineSeparator());
        }
        out.append(bottleneck(outcomesFull, unread, stages));
        return out.toString();
    }

    /**
     * The stage that limits throughput now: saturated (all workers busy, buffer full) while no stage it
     * sends to along connect edges is; the first such in the order stages were added. Or the reader, if the
     * outcome buffer is full.
     */
    static String bottleneck(boolean outcomesFull, int unread, List<StageSnapshot> stages) {
        if (outcomesFull) {
            return "bottleneck: the reader of the outcomes (" + unread + " unread; the output stages wait)";
        }
        Map<String, StageSnapshot> byName = stages.stream()
                .collect(Collectors.toMap(StageSnapshot::name, Function.identity()));
        for (StageSnapshot s : stages) {
            if (s.isSaturated() && s.sendsTo().stream().noneMatch(next -> byName.get(next).isSaturated())) {
                return "bottleneck: stage '" + s.name() + "' (all " + s.workers() + " workers busy and its buffer"
                        + " full, while the stages after it wait)";
            }
        }
        return "bottleneck: none now (no stage has all its workers busy and its buffer full)";
    }
}
