package dev.spool.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.ChildJvm;
import dev.spool.testing.TestTimeouts;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signals to a parent JVM that runs a pool of process workers, and the parent's death. */
class ProcessPoolJvmTest {

    @Test
    void sigintToParent_gracefulStopReachesEveryChild_allExit() throws Exception {
        try (ChildJvm parent = ChildJvm.start(ProcessPoolJvmMain.class)) {
            List<Long> children = children(parent.expectLine("children \\d+ \\d+"));
            parent.expectLine("ready");

            parent.signal("INT");

            assertThat(parent.remainingLines()).containsExactly("task 1 succeeded stopped",
                    "task 2 succeeded stopped", "task 3 not run", "task 4 not run", "terminated");
            assertThat(parent.exitCode(TestTimeouts.LONG)).isZero();
            for (long child : children) {
                ProcessWorkersTest.assertGone(child);
            }
        }
    }

    @Test
    void parentKilled_everyChildExitsWithinShortTimeout() throws Exception {
        try (ChildJvm parent = ChildJvm.start(ProcessPoolJvmMain.class)) {
            List<Long> children = children(parent.expectLine("children \\d+ \\d+"));
            parent.expectLine("ready");
            assertThat(children).allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

            parent.signal("KILL");

            assertThat(parent.exitCode(TestTimeouts.SHORT)).isEqualTo(137);
            for (long child : children) {
                ProcessWorkersTest.assertGone(child);
            }
        }
    }

    private static List<Long> children(String line) {
        return Arrays.stream(line.split(" ")).skip(1).map(Long::parseLong).toList();
    }
}
