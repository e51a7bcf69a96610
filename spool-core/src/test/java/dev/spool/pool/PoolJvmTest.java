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

    @Test
    void sigterm_idlePoolMainBlocked_jvmExitsWith143AfterShutdownHooks() throws Exception {
        try (ChildJvm child = ChildJvm.start(PoolJvmMain.class, "idle")) {
            child.expectLine("ready");
            child.signal("TERM");
            assertThat(child.remainingLines()).containsExactly("shutdown hook ran");
            assertThat(child.exitCode(TestTimeouts.LONG)).isEqualTo(143);
        }
    }

    @Test
    void sigint_idlePoolMainBlocked_jvmExitsWith130() throws Exception {
        try (ChildJvm child = ChildJvm.start(PoolJvmMain.class, "idle")) {
            child.expectLine("ready");
            child.signal("INT");
            assertThat(child.remainingLines()).containsExactly("shutdown hook ran");
            assertThat(child.exitCode(TestTimeouts.LONG)).isEqualTo(130);
        }
    }

    @Test
    void sighup_idlePool_jvmExitsWith129() throws Exception {
        try (ChildJvm child = ChildJvm.start(PoolJvmMain.class, "idle")) {
            child.expectLine("ready");
            child.signal("HUP");
            assertThat(child.remainingLines()).containsExactly("shutdown hook ran");
            assertThat(child.exitCode(TestTimeouts.LONG)).isEqualTo(129);
        }
    }

    @Test
    void sigterm_runningTask_finishesBeforeTheJvmExits() throws Exception {
        try (ChildJvm child = ChildJvm.start(PoolJvmMain.class, "busy")) {
            child.expectLine("task started");
            child.signal("TERM");
            assertThat(child.remainingLines()).containsExactly("signal TERM 1", "task finished", "shutdown hook ran");
            assertThat(child.exitCode(TestTimeouts.LONG)).isEqualTo(143);
        }
    }

    @Test
    void sigintInheritedAsIgnored_warnsNamingIt_sigtermStillEnds() throws Exception {
        try (ChildJvm child = ChildJvm.startWithSigintIgnored(PoolJvmMain.class, "idle")) {
            child.expectLine("ready");
            dev.spool.testing.Await.until("the warning on stderr",
                    () -> child.stderr().contains("SIGINT is ignored by this process"));

            child.signal("TERM");
            assertThat(child.exitCode(TestTimeouts.LONG)).isEqualTo(143);
        }
    }

    /** A pids cgroup (v1) that caps the child at its current thread count plus {@code more}. */
    private static java.nio.file.Path limitThreads(ChildJvm child, int more) throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of("/sys/fs/cgroup/pids");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isWritable(root),
                "a writable pids cgroup hierarchy at " + root);
        java.nio.file.Path group = root.resolve("spool-test-" + child.pid());
        java.nio.file.Files.createDirectory(group);
        long threads;
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + child.pid() + "/task"))) {
            threads = tasks.count();
        }
        java.nio.file.Files.writeString(group.resolve("pids.max"), Long.toString(threads + more));
        java.nio.file.Files.writeString(group.resolve("cgroup.procs"), Long.toString(child.pid()));
        return group;
    }

    private static void removeGroup(java.nio.file.Path group) throws Exception {
        dev.spool.testing.Await.until("cgroup " + group + " empty", () -> {
            try {
                return java.nio.file.Files.readString(group.resolve("cgroup.procs")).isBlank();
            } catch (java.io.IOException e) {
                return false;
            }
        });
        java.nio.file.Files.delete(group);
    }

    @Test
    void platformPool_processOutOfThreads_runsOnTheThreadsItGotWithAWarning() throws Exception {
        java.nio.file.Path group = null;
        try (ChildJvm child = ChildJvm.start(PoolJvmMain.class, "threads")) {
            child.expectLine("ready");
            group = limitThreads(child, 8);
            child.stdin().write("go\n".getBytes(StandardCharsets.UTF_8));
            child.stdin().flush();

            child.expectLine("succeeded 50");
            assertThat(child.exitCode(TestTimeouts.LONG)).isZero();
            assertThat(child.stderr()).contains("pool capped: started ").contains(" of 50 worker threads");
        } finally {
            if (group != null) {
                removeGroup(group);
            }
        }
    }

    @Test
    void platformPool_noThreadToBeHad_submitFailsSayingWhy() throws Exception {
        java.nio.file.Path group = null;
        try (ChildJvm child = ChildJvm.start(PoolJvmMain.class, "threads")) {
            child.expectLine("ready");
            group = limitThreads(child, 0);
            child.stdin().write("go\n".getBytes(StandardCharsets.UTF_8));
            child.stdin().flush();

            assertThat(child.expectLine("submit failed: .*")).contains("cannot start a worker thread");
            assertThat(child.exitCode(TestTimeouts.LONG)).isEqualTo(3);
        } finally {
            if (group != null) {
                removeGroup(group);
            }
        }
    }
}
