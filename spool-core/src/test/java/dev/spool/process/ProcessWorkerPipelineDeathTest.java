package dev.spool.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.pool.TaskContext;
import dev.spool.pool.spi.BatchResult;
import dev.spool.stop.StopToken;
import dev.spool.testing.TestTimeouts;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A child that dies with tasks sent ahead: the results it wrote before dying are still in its stdout, and
 * only the task it was running when it died may be blamed. The parent may notice the death while sending (a
 * broken pipe) before it has read those results; that must not make it fail the oldest task sent ahead.
 */
class ProcessWorkerPipelineDeathTest {

    private final SpawnChildLauncher launcher = new SpawnChildLauncher();
    private final StopToken stop = new StopToken();
    private ProcessWorker worker;

    @AfterEach
    void closeWorker() {
        if (worker != null) {
            worker.close();
        }
        launcher.close();
    }

    @Test
    void deathSeenWhileSending_resultsWrittenBeforeTheDeathAreStillReceived_onlyTheRunningTaskFails()
            throws Exception {
        worker = ProcessWorker.launch(ProcessWorkerSpec.defaults(), new CodecTable(List.of()), launcher);
        worker.awaitReady();
        var task = new ProcessTestTasks.ExitOnNegative();

        worker.send(task, 5, context(1));
        worker.send(task, -9, context(2)); // the child answers task 1, then dies running task 2
        boolean exited = ProcessHandle.of(worker.pid().getAsLong())
                .map(p -> p.onExit().orTimeout(TestTimeouts.LONG.toMillis(), TimeUnit.MILLISECONDS).join() != null)
                .orElse(true);
        assertThat(exited).isTrue();
        // the parent learns of the death from the broken pipe, with two results unread
        assertThatThrownBy(() -> worker.send(task, 7, context(3))).isInstanceOf(ChildDiedException.class);
        assertThat(worker.isBroken()).isTrue();

        BatchResult<Integer> first = worker.receive();
        assertThat(first).as("task 1 ran and its result was written before the child died")
                .isEqualTo(new BatchResult.Value<>(10));
        assertThatThrownBy(worker::receive).isInstanceOf(ChildDiedException.class)
                .hasMessageContaining("while running task 2");
    }

    private TaskContext context(long seq) {
        return new TaskContext(seq, 1, worker.identity(), stop);
    }
}
