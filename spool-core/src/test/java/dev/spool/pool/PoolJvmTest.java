package dev.spool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.ChildJvm;
import dev.spool.testing.TestTimeouts;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Exit and signal semantics, in real child JVMs with real signals. */
class PoolJvmTest {

    @Test
    void nonDaemonPool_mainReturns_jvmWaitsForTheTask() throws Exception {
        try (ChildJvm child = ChildJvm.start(PoolJvmMain.class, "daemon", "false")) {
            child.expectLine("task waiting");
            child.expectLine("main returned");
            assertThat(child.isAlive()).as("JVM alive while a non-daemon pool's task runs").isTrue();

            child.stdin().write("go\n".getBytes(StandardCharsets.UTF_8));
            child.stdin().flush();

            child.expectLine("task done");
            assertThat(child.exitCode(TestTimeouts.LONG)).isZero();
        }
    }

    @Test
    void daemonPool_mainReturns_jvmExitsAbandoningTheTask() throws Exception {
        try (ChildJvm child = ChildJvm.start(PoolJvmMain.class, "daemon", "true")) {
            child.expectLine("main returned");
            assertThat(child.exitCode(TestTimeouts.LONG)).isZero();
            assertThat(child.remainingLines()).doesNotContain("task done");
        }
    }

    @Test
    void firstSigint_gracefulStop_politeTaskEndsQueuedNotRun() throws Exception {
        try (ChildJvm child = ChildJvm.start(PoolJvmMain.class, "signals")) {
            child.expectLine("ready");
            child.signal("INT");
            child.expectLine("signal INT 1");
            child.expectLine("task 1 succeeded");

            child.signal("INT");
            child.expectLine("signal INT 2");

            assertThat(child.remainingLines()).containsExactly(
                    "task 2 cancelled", "task 3 not run", "task 4 not run", "task 5 not run", "terminated");
            assertThat(child.exitCode(TestTimeouts.LONG)).isZero();
        }
    }

    @Test
    void sigterm_sameAsSigint() throws Exception {
        try (ChildJvm child = ChildJvm.start(PoolJvmMain.class, "signals")) {
            child.expectLine("ready");
            child.signal("TERM");
            child.expectLine("task 1 succeeded");
            child.signal("TERM");
            assertThat(child.remainingLines()).contains("task 2 cancelled", "terminated");
            assertThat(child.exitCode(TestTimeouts.LONG)).isZero();
        }
    }

    @Test
    void sighup_gracefulStopOnly() throws Exception {
        try (ChildJvm child = ChildJvm.start(PoolJvmMain.class, "signals")) {
            child.expectLine("ready");
            child.signal("HUP");
            child.expectLine("signal HUP 0");
            child.expectLine("task 1 succeeded");
            child.signal("HUP");
            child.expectLine("signal HUP 0");
            assertThat(child.isAlive()).as("a second SIGHUP does not stop running tasks").isTrue();
            child.signal("INT");
            child.signal("INT");
            assertThat(child.remainingLines()).contains("task 2 cancelled", "terminated");
        }
    }

    @Test
    void signal_noLivePool_jvmExitsWith128PlusSignal() throws Exception {
        try (ChildJvm child = ChildJvm.start(PoolJvmMain.class, "daemon", "false")) {
            child.expectLine("main returned");
            // the pool does not handle signals, so nothing is registered: default behaviour
            child.signal("TERM");
            assertThat(child.exitCode(TestTimeouts.LONG)).isEqualTo(143);
        }
    }
}
