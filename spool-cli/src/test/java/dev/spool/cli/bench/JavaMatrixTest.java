package dev.spool.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The Java matrix in-process: cells, samples, and a failing cell that does not stop the others. */
class JavaMatrixTest {

    private final StringWriter progressText = new StringWriter();
    private final Progress progress = new Progress(new PrintWriter(progressText), false);

    @Test
    void run_tinyOnThreadKinds_oneMeasuredSamplePerRunInEveryCell() throws Exception {
        var matrix = new JavaMatrix(2, 1, progress);
        List<BenchKind> kinds = List.of(BenchKind.SERIAL, BenchKind.PLATFORM, BenchKind.VIRTUAL);
        progress.plan(matrix.plannedRuns(kinds, List.of(1, 2), 1));

        List<CellResult> cells = matrix.run(Workload.builtIn("tiny", java.time.Duration.ofMillis(1)), 100,
                kinds, List.of(1, 2));

        assertThat(cells).extracting(CellResult::label)
                .containsExactly("serial x1", "platform x1", "platform x2", "virtual x1", "virtual x2");
        assertThat(cells).allSatisfy(cell -> {
            assertThat(cell.succeeded()).as(cell.toString()).isTrue();
            assertThat(cell.samples()).hasSize(2).allSatisfy(s -> assertThat(s).isPositive());
        });
        assertThat(progressText.toString()).contains("[15/15]").contains("(0 left");
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
    }
}
