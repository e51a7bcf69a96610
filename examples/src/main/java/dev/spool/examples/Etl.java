package dev.spool.examples;

import dev.spool.pipeline.Pipeline;
import dev.spool.pipeline.PipelineBuilder;
import dev.spool.pipeline.PipelineOutcome;
import dev.spool.pipeline.Stage;
import dev.spool.pipeline.StageOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The lesson: monitor your stages; the slowest one sets the pace.
 *
 * <p>A three-stage ETL: download (a 2 ms sleep standing in for the network, 32 virtual threads) -> parse (CPU
 * work on 2 platform threads, 1% of records malformed) -> store (one worker, as a database connection
 * would be). Each stage has a bounded buffer, so a slow stage slows the ones before it. While it runs, the
 * pipeline's report is sampled: each stage's queue, busy workers and rate, and the bottleneck in words.
 * Every record ends in exactly one outcome; the failed ones name the record and the stage.
 */
public final class Etl {

    static final int RECORDS = 2_000;

    private Etl() {}

    record Parsed(int id, long checksum) {}

    public static void main(String[] args) throws InterruptedException {
        System.out.printf("etl: %d records, download (32 virtual) -> parse (2 platform) -> store (1)%n", RECORDS);
        long[] stored = {0};
        PipelineBuilder<Integer> b = Pipeline.<Integer>builder("etl").collectStats(true);
        Stage<Integer, String> download = b.map("download", StageOptions.virtual(32).buffer(32), (id, c) -> {
            Thread.sleep(2);
            return "record " + id;
        });
        Stage<String, Parsed> parse = b.map("parse", StageOptions.platform(2).buffer(8), (text, c) -> {
            int id = Integer.parseInt(text.substring(7));
            if (id % 100 == 99) {
                throw new IllegalArgumentException("malformed " + text);
            }
            long checksum = 0;
            for (int round = 0; round < 20_000; round++) { // CPU work
                checksum = checksum * 31 + text.hashCode() + round;
            }
            return new Parsed(id, checksum);
        });
        Stage<Parsed, Integer> store = b.map("store", StageOptions.platform(1).buffer(8), (parsed, c) -> {
            stored[0]++; // one worker: no lock needed
            return parsed.id();
        });
        b.source(download, IntStream.range(0, RECORDS).boxed().toList())
                .connect(download, parse).connect(parse, store).output(store);

        Map<String, Integer> bottlenecks = new HashMap<>();
        List<PipelineOutcome<Integer>> outcomes;
        try (Pipeline<Integer> pipeline = b.start()) {
            pipeline.reportEvery(Duration.ofMillis(100), report -> {
                String line = report.lines().reduce((first, last) -> last).orElse("");
                synchronized (bottlenecks) {
                    bottlenecks.merge(line, 1, Integer::sum);
                }
            });
            outcomes = pipeline.outcomes().toList();
            pipeline.awaitTermination();
            String last = pipeline.report();
            System.out.print(last.lines().filter(l -> !l.startsWith("bottleneck")).map(l -> l.replaceAll(
                    ", [0-9,.]+/s, p50 \\d+ ms, p99 \\d+ ms", "")).reduce("", (a, l) -> a + l + "\n"));
        }
        String usual;
        synchronized (bottlenecks) {
            usual = bottlenecks.entrySet().stream().filter(e -> !e.getKey().contains("none now"))
                    .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("bottleneck: none seen");
        }
        long failed = outcomes.stream().filter(o -> !o.isSuccess()).count();
        System.out.println("most often during the run: " + usual);
        System.out.printf("outcomes: %d, succeeded %d, failed %d (stored %d)%n", outcomes.size(),
                outcomes.size() - failed, failed, stored[0]);
        outcomes.stream().filter(o -> !o.isSuccess()).limit(1).forEach(o -> System.out.printf(
                "first failure: record %d at stage '%s': %s%n", o.index(), o.stage(), o.outcome().kind()));
        if (outcomes.size() != RECORDS || failed != RECORDS / 100 || stored[0] != RECORDS - failed) {
            System.out.println("MISMATCH: records were lost or counted twice");
            System.exit(1);
        }
        System.out.println("ok: every record ended in exactly one outcome");
    }
}
