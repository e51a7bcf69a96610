package dev.spool.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The Java matrix in-process: cells, samples, and a failing cell that does not stop the others. */
class JavaMatrixTest {

    private final StringWriter progressText = new StringWriter();
    private final Progress progress = new Progress(new PrintWriter(progressText), false);

    @Test
    void run_tinyOnThreadKinds_oneMeasuredSamplePerRunInEveryCell() throws Exception {
        var matrix = new JavaMatrix(2, WarmUpPolicy.atLeast(1), WarmUpPolicy.atLeast(1), progress);
        List<BenchKind> kinds = List.of(BenchKind.SERIAL, BenchKind.PLATFORM, BenchKind.VIRTUAL);
        progress.plan(matrix.plannedRuns(kinds, List.of(1, 2), 1));

        List<CellResult> cells = matrix.run(Workload.builtIn("tiny", Duration.ofMillis(1)), 100,
                kinds, List.of(1, 2));

        assertThat(cells).extracting(CellResult::label)
                .containsExactly("serial x1", "platform x1", "platform x2", "virtual x1", "virtual x2");
        assertThat(cells).allSatisfy(cell -> {
            assertThat(cell.succeeded()).as(cell.toString()).isTrue();
            assertThat(cell.samples()).hasSize(2).allSatisfy(s -> assertThat(s).isPositive());
        });
        // 3 shared warm-ups, then 5 cells of a warm-up and 2 runs
        assertThat(progressText.toString()).contains("[18/18]").contains("(0 left");
    }

    @Test
    void run_twoWorkloads_sharedWarmUpOfEveryWorkloadAndKindComesBeforeAnyMeasuredRun() throws Exception {
        var matrix = new JavaMatrix(1, WarmUpPolicy.atLeast(1), WarmUpPolicy.atLeast(1), progress);
        List<BenchKind> kinds = List.of(BenchKind.SERIAL, BenchKind.PLATFORM, BenchKind.VIRTUAL);
        List<Workload> workloads = List.of(Workload.builtIn("tiny", Duration.ofMillis(1)),
                Workload.builtIn("sleep", Duration.ofMillis(1)));
        progress.plan(matrix.plannedRuns(kinds, List.of(1, 2), workloads.size()));

        List<CellResult> cells = matrix.run(workloads, OptionalInt.of(20), kinds, List.of(1, 2));

        assertThat(cells).allSatisfy(cell -> assertThat(cell.succeeded()).as(cell.toString()).isTrue());
        List<String> steps = progressText.toString().lines().toList();
        List<String> shared = new ArrayList<>();
        for (String workload : List.of("tiny", "sleep")) {
            for (String kind : List.of("serial x1", "platform x2", "virtual x2")) {
                shared.add(workload + ": shared warm-up on " + kind + ", warming up");
            }
        }
        List<String> cellSteps = new ArrayList<>();
        for (CellResult cell : cells) { // each cell warms up, then is measured
            cellSteps.add(cell.workload() + ": " + cell.label() + ", warming up");
            cellSteps.add(cell.workload() + ": " + cell.label() + ", run 1/1");
        }
        List<String> expected = new ArrayList<>(shared);
        expected.addAll(cellSteps);
        assertThat(steps).hasSameSizeAs(expected);
        for (int i = 0; i < steps.size(); i++) {
            assertThat(steps.get(i)).as("step %d of %s", i + 1, steps).contains(expected.get(i) + " (");
        }
        assertThat(steps.getLast()).contains("[" + steps.size() + "/" + steps.size() + "]", "(0 left");
    }

    @Test
    void sharedWarmUpKinds_leavesOutProcessWorkers() {
        assertThat(JavaMatrix.sharedWarmUpKinds(List.of(BenchKind.values())))
                .containsExactly(BenchKind.SERIAL, BenchKind.PLATFORM, BenchKind.VIRTUAL);
    }

    private static int indexOf(List<String> steps, String part, int from) {
        for (int i = from; i < steps.size(); i++) {
            if (steps.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void run_taskFailsInFirstCell_thatCellShowsTheErrorAndTheNextCellIsMeasured() throws Exception {
        var failedOnce = new AtomicBoolean();
        var workload = new Workload("flaky", (input, context) -> {
            if (failedOnce.compareAndSet(false, true)) {
                throw new IllegalStateException("disk on fire");
            }
            return input;
        }, i -> i, 10);
        var matrix = new JavaMatrix(2, 0, progress);

        List<CellResult> cells = matrix.run(workload, 50, List.of(BenchKind.PLATFORM), List.of(1, 2));

        assertThat(cells.get(0).succeeded()).isFalse();
        assertThat(cells.get(0).error()).contains("failed").contains("IllegalStateException: disk on fire");
        assertThat(cells.get(1).succeeded()).as(cells.get(1).toString()).isTrue();
        assertThat(cells.get(1).samples()).hasSize(2);
        assertThat(progressText.toString()).as("--warmup 0: none, shared or not").doesNotContain("warm-up");
    }
}
