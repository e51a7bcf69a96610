package dev.spool.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.cli.UsageException;
import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A user's task as a workload: found by name, fed the inputs its type takes; refused clearly otherwise. */
class WorkloadTest {

    /** Takes Longs. */
    public static class LongTask implements Task<Long, Long> {
        @Override
        public Long run(Long input, TaskContext context) {
            return input;
        }
    }

    /** Takes a type spool bench cannot make. */
    public static class ListTask implements Task<List<String>, Integer> {
        @Override
        public Integer run(List<String> input, TaskContext context) {
            return input.size();
        }
    }

    /** Inherits its Task from a superclass. */
    public static class SubTask extends LongTask {}

    @Test
    void ofClass_inputsOfTheTypeTheTaskTakes() throws Exception {
        Workload strings = Workload.ofClass(PrefixTask.class.getName(), null);
        Workload longs = Workload.ofClass(LongTask.class.getName(), null);
        Workload inherited = Workload.ofClass(SubTask.class.getName(), null);

        assertThat(strings.name()).isEqualTo("PrefixTask");
        assertThat(strings.input().apply(7)).isEqualTo("7");
        assertThat(longs.input().apply(7)).isEqualTo(7L);
        assertThat(inherited.input().apply(7)).isEqualTo(7L);
        assertThat(longs.defaultTasks()).isEqualTo(Workload.USER_TASKS);
        assertThat(longs.task().run(5L, null)).isEqualTo(5L);
    }

    @Test
    void ofClass_withLines_feedsTheLinesInTurn() {
        Workload workload = Workload.ofClass(PrefixTask.class.getName(), List.of("ok-a", "ok-bb", "ok-ccc"));

        assertThat(workload.defaultTasks()).isEqualTo(3);
        assertThat(IntStream.range(0, 5).mapToObj(workload.input())).containsExactly("ok-a", "ok-bb", "ok-ccc",
                "ok-a", "ok-bb");
    }

    @Test
    void ofClass_badClasses_refusedNamingTheClassAndWhy() {
        assertThatThrownBy(() -> Workload.ofClass("no.such.Task", null)).isInstanceOf(UsageException.class)
                .hasMessageContaining("no class no.such.Task").hasMessageContaining("SPOOL_CLASSPATH");
        assertThatThrownBy(() -> Workload.ofClass("java.lang.String", null)).isInstanceOf(UsageException.class)
                .hasMessageContaining("java.lang.String does not implement dev.spool.pool.Task");
        assertThatThrownBy(() -> Workload.ofClass(ListTask.class.getName(), null))
                .isInstanceOf(UsageException.class).hasMessageContaining("inputs of type java.util.List");
        assertThatThrownBy(() -> Workload.ofClass(LongTask.class.getName(), List.of("1")))
                .isInstanceOf(UsageException.class).hasMessageContaining("java.lang.Long, not the String lines");
        assertThatThrownBy(() -> Workload.ofClass(PrefixTask.class.getName(), List.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("no lines");
    }

    @Test
    void defaultVirtualWorkers_reachHundreds() {
        assertThat(BenchArguments.defaultVirtualWorkers(2)).containsExactly(1, 2, 4, 16, 64, 256);
        assertThat(BenchArguments.defaultVirtualWorkers(16)).containsExactly(1, 2, 4, 16, 32, 64, 256);
    }

    @Test
    void cells_virtualThreadsHaveTheirOwnWorkerCounts() {
        List<int[]> cells = JavaMatrix.cells(List.of(BenchKind.SERIAL, BenchKind.PLATFORM, BenchKind.VIRTUAL),
                List.of(1, 2), List.of(1, 64));

        assertThat(cells).extracting(c -> BenchKind.values()[c[0]].label() + " x" + c[1])
                .containsExactly("serial x1", "platform x1", "platform x2", "virtual x1", "virtual x64");
    }
}
