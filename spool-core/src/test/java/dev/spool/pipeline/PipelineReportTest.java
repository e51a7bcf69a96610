package dev.spool.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Per-stage monitoring: {@link Pipeline#stages()}, {@link Pipeline#report()} and its bottleneck line. */
class PipelineReportTest {

    @Test
    void report_middleStageHeld_namesItAsTheBottleneck() throws Exception {
        var release = new CountDownLatch(1);
        PipelineBuilder<Integer> b = Pipeline.<Integer>builder("etl").handleSignals(false).collectStats(true);
        Stage<Integer, Integer> download = b.map("download", StageOptions.virtual(3).buffer(2), (i, c) -> i);
        Stage<Integer, Integer> parse = b.map("parse", StageOptions.platform(1).buffer(1), (i, c) -> {
            release.await(); // the slow stage, held until the report is taken
            return i;
        });
        Stage<Integer, Integer> store = b.map("store", StageOptions.platform(1).buffer(4), (i, c) -> i);
        b.source(download, IntStream.range(0, 100).boxed().toList()).connect(download, parse).connect(parse, store)
                .output(store);
        Pipeline<Integer> pipeline = b.start();
        try {
            Await.until("parse saturated: its worker held, its buffer full", () -> pipeline.stages().get(1).isSaturated());
            Await.until("download saturated behind it", () -> pipeline.stages().get(0).isSaturated());

            String report = pipeline.report();

            assertThat(report).contains("pipeline etl:").contains("download  virtual x3:")
                    .contains("parse     platform x1: queued 1/1, busy 1/1").contains("store     platform x1:")
                    .contains("p50").endsWith("bottleneck: stage 'parse' (all 1 workers busy and its buffer full,"
                            + " while the stages after it wait)");
        } finally {
            release.countDown();
        }
        List<PipelineOutcome<Integer>> outcomes = PipelineTest.readAll(pipeline);
        assertThat(outcomes).hasSize(100);
        assertThat(pipeline.report()).contains("done 100 (0 failed, 0 filtered)")
                .endsWith("bottleneck: none now (no stage has all its workers busy and its buffer full)");
    }

    @Test
    void report_readerNotReading_namesTheReader() throws Exception {
        PipelineBuilder<Integer> b = Pipeline.<Integer>builder("unread").handleSignals(false).outputBuffer(3);
        Stage<Integer, Integer> only = b.map("only", StageOptions.platform(1), (i, c) -> i);
        b.source(only, IntStream.range(0, 10).boxed().toList()).output(only);
        Pipeline<Integer> pipeline = b.start();

        Await.until("the outcome buffer full", () -> pipeline.report().contains("3 outcomes unread"));

        assertThat(pipeline.report()).endsWith("bottleneck: the reader of the outcomes (3 unread; the output stages wait)");
        assertThat(PipelineTest.readAll(pipeline)).hasSize(10);
    }

    @Test
    void reportEvery_printsUntilDoneAndOnceAtTheEnd() throws Exception {
        var reports = new CopyOnWriteArrayList<String>();
        PipelineBuilder<Integer> b = Pipeline.<Integer>builder("periodic").handleSignals(false);
        Stage<Integer, Integer> only = b.map("only", StageOptions.platform(1), (i, c) -> i);
        b.source(only, IntStream.range(0, 10).boxed().toList()).output(only);
        Pipeline<Integer> pipeline = b.start();

        pipeline.reportEvery(Duration.ofMillis(5), reports::add);
        PipelineTest.readAll(pipeline);

        Await.until("the last report, once done", () -> reports.stream().anyMatch(r -> r.contains("done 10 (")));
        assertThatThrownBy(() -> pipeline.reportEvery(Duration.ZERO, reports::add))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    }
}
