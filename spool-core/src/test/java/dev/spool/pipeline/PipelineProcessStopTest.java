package dev.spool.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.outcome.Outcome;
import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import dev.spool.testing.Await;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Stops in the middle of a pipeline with a {@code PROCESS} stage (real child JVMs): afterwards no child is
 * left, and every source item read ended in exactly one way.
 */
public class PipelineProcessStopTest {

    /** Sleeps 2 ms in the child (an interruptible wait, so an immediate stop cancels it), then returns its input. */
    public static final class SleepThenEcho implements Task<Integer, Integer> {
        @Override
        public Integer run(Integer input, TaskContext context) throws InterruptedException {
            Thread.sleep(2);
            return input;
        }
    }

    @Test
    void stop_midwayThroughProcessStage_noChildLeftAndEveryItemEndsOnce() throws Exception {
        runAndStop(false);
    }

    @Test
    void stopNow_midwayThroughProcessStage_noChildLeftAndEveryItemEndsOnce() throws Exception {
        runAndStop(true);
    }

    private static void runAndStop(boolean immediately) throws Exception {
        var read = new AtomicInteger();
        var passedProcess = new AtomicInteger();
        PipelineBuilder<Integer> b = Pipeline.<Integer>builder(immediately ? "proc-now" : "proc").handleSignals(false)
                .outputBuffer(1); // the reader cannot fall behind: the stop comes while items fill the buffers
        Stage<Integer, Integer> first = b.map("first", StageOptions.platform(1).buffer(2), (i, c) -> i);
        Stage<Integer, Integer> child = b.map("child", StageOptions.process(2).buffer(2), new SleepThenEcho());
        Stage<Integer, Integer> last = b.map("last", StageOptions.virtual(2).buffer(1), (i, c) -> {
            passedProcess.incrementAndGet();
            return i;
        });
        Iterable<Integer> endless = () -> IntStream.iterate(0, i -> i + 1).peek(i -> read.incrementAndGet())
                .boxed().iterator();
        b.source(first, endless).connect(first, child).connect(child, last).output(last);
        Pipeline<Integer> pipeline = b.start();
        List<Long> pids = pipeline.stagePool("child").workerPids();
        assertThat(pids).hasSize(2);

        List<PipelineOutcome<Integer>> outcomes = PipelineTest.readAll(pipeline, seen -> {
            if (seen == 50) { // well under way: items in every buffer and in both children
                if (immediately) {
                    pipeline.stopNow();
                } else {
                    pipeline.stop();
                }
            }
        });

        for (long pid : pids) {
            Await.until("child " + pid + " exited",
                    () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        }
        assertThat(pipeline.stagePool("child").isTerminated()).isTrue();
        assertThat(outcomes).as("one outcome per item read").hasSize(read.get());
        assertThat(outcomes.stream().map(PipelineOutcome::index).distinct().count()).isEqualTo(read.get());
        assertThat(outcomes.stream().filter(PipelineOutcome::isSuccess).count()).isEqualTo(passedProcess.get());
        assertThat(outcomes).filteredOn(o -> !o.isSuccess()).allSatisfy(o -> {
            assertThat(o.outcome()).isInstanceOfAny(Outcome.NotRun.class, Outcome.Cancelled.class);
            assertThat(o.input()).isEqualTo((int) o.index());
        });
        if (immediately) {
            assertThat(outcomes).as("items waiting or running when the stop came").anyMatch(o -> !o.isSuccess());
        } else {
            assertThat(outcomes).noneMatch(o -> o.outcome() instanceof Outcome.Cancelled<Integer>);
        }
    }
}
