package dev.spool.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.testing.TestThreads;
import dev.spool.testing.Await;
import dev.spool.testing.TestTimeouts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LaunchedJobTest {

    private final PosixSpawnLauncher launcher = PosixSpawnLauncher.unguarded();

    private LaunchedJob sleeper() throws LaunchException {
        return launcher.launch(JobSpec.builder("sleep", "100").build());
    }

    @Test
    void signalGroup_shellWithBackgroundChild_killsBothGenerations() throws Exception {
        LaunchedJob job = launcher.launch(JobSpec.builder("sh", "-c", "sleep 100 & echo $!; wait")
                .stdout(Redirect.PIPE).build());
        long grandchild = Long.parseLong(
                new BufferedReader(new InputStreamReader(job.stdout(), StandardCharsets.UTF_8)).readLine());
        assertThat(ProcFs.pgid(grandchild)).isEqualTo(job.pgid());

        assertThat(job.signalGroup(9)).isTrue();

        assertThat(job.waitFor(TestTimeouts.SHORT)).contains(new ExitStatus.Killed(9, false));
        Await.within(TestTimeouts.SHORT, "the grandchild gone", () -> ProcFs.isGone(grandchild));
        Await.within(TestTimeouts.SHORT, "the job's group empty", () -> !job.groupAlive());
        // Signalling the dead group is not an error (true while an unreaped zombie is still in it).
        job.signalGroup(15);
    }

    @Test
    void signal_afterReap_sendsNothingAndReturnsFalse() throws Exception {
        LaunchedJob job = launcher.launch(JobSpec.builder("true").build());
        assertThat(job.waitFor().code()).isZero();
        assertThat(job.signal(9)).isFalse();
        assertThat(job.isAlive()).isFalse();
        assertThat(job.exitStatus()).contains(new ExitStatus.Exited(0));
    }

    @Test
    void signal_invalidNumber_throwsNamingIt() throws Exception {
        LaunchedJob job = sleeper();
        try {
            assertThatThrownBy(() -> job.signal(99)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("99");
        } finally {
            job.signalGroup(9);
            job.waitFor();
        }
    }

    @Test
    void waitFor_runningJobWithShortTimeout_returnsEmptyThenStatusAfterKill() throws Exception {
        LaunchedJob job = sleeper();
        assertThat(job.waitFor(TestTimeouts.EXPECTED_EXPIRY)).isEmpty();
        assertThat(job.isAlive()).isTrue();
        job.signal(15);
        assertThat(job.waitFor(TestTimeouts.SHORT)).contains(new ExitStatus.Killed(15, false));
    }

    @Test
    void waitFor_pollingFallbackWithoutPidfd_stillSeesTheEnd() throws Exception {
        boolean saved = LaunchedJob.pidfdSupported;
        LaunchedJob.pidfdSupported = false;
        try {
            LaunchedJob job = sleeper();
            assertThat(job.waitFor(TestTimeouts.EXPECTED_EXPIRY)).isEmpty();
            job.signal(9);
            assertThat(job.waitFor(TestTimeouts.SHORT)).contains(new ExitStatus.Killed(9, false));
            assertThat(launcher.launch(JobSpec.builder("sh", "-c", "exit 3").build()).waitFor().code()).isEqualTo(3);
        } finally {
            LaunchedJob.pidfdSupported = saved;
        }
    }

    @Test
    void waitFor_twoWaitersAndASignallerConcurrently_allSeeTheSameStatus() throws Exception {
        LaunchedJob job = sleeper();
        AtomicReference<ExitStatus> first = new AtomicReference<>();
        AtomicReference<ExitStatus> second = new AtomicReference<>();
        CountDownLatch waiting = new CountDownLatch(2);
        TestThreads threads = new TestThreads();
        threads.start("waiter-1", () -> {
            waiting.countDown();
            first.set(job.waitFor());
        });
        threads.start("waiter-2", () -> {
            waiting.countDown();
            second.set(job.waitFor(TestTimeouts.LONG).orElseThrow());
        });
        threads.start("signaller", () -> {
            waiting.await();
            assertThat(job.signal(15)).isTrue();
        });
        threads.joinAll(TestTimeouts.LONG);
        assertThat(first.get()).isEqualTo(new ExitStatus.Killed(15, false)).isEqualTo(second.get());
    }

    @Test
    void waitFor_interrupted_throwsInterruptedExceptionAndJobStaysWaitable() throws Exception {
        LaunchedJob job = sleeper();
        Thread.currentThread().interrupt();
        assertThatThrownBy(job::waitFor).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        job.signal(9);
        assertThat(job.waitFor(TestTimeouts.SHORT)).contains(new ExitStatus.Killed(9, false));
    }

    @Test
    void processBuilder_usedAlongsideLauncher_stillReapsItsOwnChildren() throws Exception {
        LaunchedJob ours = sleeper();
        LaunchedJob quick = launcher.launch(JobSpec.builder("true").build());
        Process theirs = new ProcessBuilder("sh", "-c", "exit 7").start();
        assertThat(theirs.waitFor(TestTimeouts.SHORT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
        assertThat(theirs.exitValue()).isEqualTo(7);
        assertThat(theirs.toHandle().onExit().get(TestTimeouts.SHORT.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS).isAlive()).isFalse();
        assertThat(quick.waitFor(TestTimeouts.SHORT)).contains(new ExitStatus.Exited(0));
        ours.signal(9);
        assertThat(ours.waitFor(TestTimeouts.SHORT)).contains(new ExitStatus.Killed(9, false));
    }

    @Test
    void exitStatus_decodesWaitStatusWords() {
        assertThat(ExitStatus.fromWaitStatus(0x2a00)).isEqualTo(new ExitStatus.Exited(42));
        assertThat(ExitStatus.fromWaitStatus(0x0009)).isEqualTo(new ExitStatus.Killed(9, false));
        assertThat(ExitStatus.fromWaitStatus(0x0086)).isEqualTo(new ExitStatus.Killed(6, true));
        assertThat(new ExitStatus.Killed(9, false).code()).isEqualTo(137);
    }
}
