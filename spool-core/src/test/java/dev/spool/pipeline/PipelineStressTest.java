package dev.spool.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.TestTimeouts;
import dev.spool.testing.ThreadDumps;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Many tiny items through four stages (map, fan-out, filter, map) with every buffer small: exact count and
 * sum at the end, and a deadline that fails with a thread dump if the pipeline hangs.
 *
 * <p>The number of items is the system property {@code spool.test.pipelineStressItems}, default 200,000:
 * on the project's 2-core machines 1,000,000 (the figure) took about 12 s (84k items/s), too long for every
 * build; run it with {@code -Dspool.test.pipelineStressItems=1000000}.
 */
class PipelineStressTest {

    private static final long ITEMS = Long.getLong("spool.test.pipelineStressItems", 200_000);

    @Test
    void fourStages_manyItems_exactCountAndSum() throws Exception {
        PipelineBuilder<Long> b = Pipeline.<Long>builder("stress").handleSignals(false);
        Stage<Long, Long> triple = b.map("triple", StageOptions.platform(2).buffer(64), (i, c) -> 3 * i);
        Stage<Long, Long> pair = b.stage("pair", StageOptions.virtual(4).buffer(16), (x, out, c) -> {
            out.emit(x);
            out.emit(x + 1);
        });
        Stage<Long, Long> even = b.filter("even", StageOptions.platform(2).buffer(64), x -> x % 2 == 0);
        Stage<Long, Long> last = b.map("last", StageOptions.platform(1).buffer(64), (x, c) -> x);
        b.source(triple, () -> LongStream.range(0, ITEMS).boxed().iterator())
                .connect(triple, pair).connect(pair, even).connect(even, last).output(last);

        long start = System.nanoTime();
        Pipeline<Long> pipeline = b.start();
        var count = new AtomicLong();
        var sum = new AtomicLong();
        Thread reader = Thread.ofPlatform().name("stress-reader").start(() -> pipeline.outcomes().forEach(o -> {
            count.incrementAndGet();
            sum.addAndGet(o.outcome().valueOrThrow());
        }));
        reader.join(TestTimeouts.LONG);
        if (reader.isAlive()) {
            pipeline.stopNow();
            throw new AssertionError("pipeline hung after " + count.get() + " outcomes: " + pipeline + "\n"
                    + ThreadDumps.all());
        }
        assertThat(pipeline.awaitTermination(TestTimeouts.LONG)).as("%s", pipeline).isTrue();
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("pipeline stress: %,d items through 4 stages in %,d ms (%,.0f items/s)%n", ITEMS,
                elapsedMillis, ITEMS * 1000.0 / Math.max(1, elapsedMillis));

        long expectedSum = 0; // of 3i and 3i + 1 exactly one is even
        for (long i = 0; i < ITEMS; i++) {
            expectedSum += (3 * i) % 2 == 0 ? 3 * i : 3 * i + 1;
        }
        assertThat(count.get()).isEqualTo(ITEMS);
        assertThat(sum.get()).isEqualTo(expectedSum);
        var stages = pipeline.stages();
        assertThat(stages.get(1).emitted()).isEqualTo(2 * ITEMS);
        assertThat(stages.get(2).dropped()).isEqualTo(ITEMS);
        assertThat(stages).allSatisfy(s -> assertThat(s.inStage()).isZero());
    }
}
