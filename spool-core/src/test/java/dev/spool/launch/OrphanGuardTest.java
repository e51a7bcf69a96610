package dev.spool.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.Await;
import dev.spool.testing.TestTimeouts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OrphanGuardTest {

    /** Starts {@link OrphanGuardProbe} in a child JVM and returns it with the pids it printed. */
    private record Probe(Process jvm, long watchdog, List<Long> jobs) {}

    private static Probe startProbe() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), OrphanGuardProbe.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String line = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).as("probe output").isNotNull();
        List<Long> pids = Arrays.stream(line.trim().split(" ")).map(Long::parseLong).toList();
        Probe probe = new Probe(jvm, pids.get(0), pids.subList(1, pids.size()));
        for (long pid : probe.jobs()) {
            assertThat(ProcFs.isGone(pid)).as("job %d running before the JVM dies", pid).isFalse();
        }
        return probe;
    }

    private static void assertAllGone(List<Long> pids) throws InterruptedException {
        for (long pid : pids) {
            Await.within(TestTimeouts.SHORT, "job " + pid + " gone after its JVM died", () -> ProcFs.isGone(pid));
        }
    }

    @Test
    void jvmKilledBySigkill_everyGuardedJobAndDescendantDies() throws Exception {
        Probe probe = startProbe();

        probe.jvm().destroyForcibly();
        assertThat(probe.jvm().waitFor(TestTimeouts.SHORT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        assertAllGone(probe.jobs());
        Await.within(TestTimeouts.SHORT, "the watchdog gone", () -> ProcFs.isGone(probe.watchdog()));
    }

    @Test
    void jvmExitingNormally_runningGuardedJobsAreKilled() throws Exception {
        Probe probe = startProbe();

        probe.jvm().getOutputStream().write('\n');
        probe.jvm().getOutputStream().close();
        assertThat(probe.jvm().waitFor(TestTimeouts.SHORT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(probe.jvm().exitValue()).isZero();

        assertAllGone(probe.jobs());
    }

    @Test
    void guardedJob_carriesTheRunTokenInItsEnvironment() throws Exception {
        LaunchedJob job = PosixSpawnLauncher.guarded().launch(JobSpec.builder("sleep", "100").build());
        try {
            Path environPath = Path.of("/proc/" + job.pid() + "/environ");
            // right after the spawn the kernel may still show an empty environment: poll with a deadline
            dev.spool.testing.Await.until("the job's environment is visible", () -> {
                try {
                    return Files.size(environPath) > 0 || Files.readAllBytes(environPath).length > 0;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            String entries = new String(Files.readAllBytes(environPath), StandardCharsets.ISO_8859_1);
            assertThat(entries.split("\0")).contains("SPOOL_RUN=" + OrphanGuard.instance().token());
            assertThat(OrphanGuard.instance().token()).startsWith(ProcessHandle.current().pid() + ".");
        } finally {
            job.signalGroup(9);
            job.waitFor();
        }
    }

    @Test
    void watchdog_leadsItsOwnGroupAndIgnoresIntTermHup() throws Exception {
        long watchdog = OrphanGuard.instance().watchdogPid();
        assertThat(ProcFs.pgid(watchdog)).isEqualTo(watchdog);
        long mask = (1L << (1 - 1)) | (1L << (2 - 1)) | (1L << (15 - 1));
        Await.within(TestTimeouts.SHORT, "the watchdog ignores INT, TERM and HUP", () -> {
            try {
                return (Long.parseLong(ProcFs.status(watchdog, "SigIgn"), 16) & mask) == mask;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(Files.readString(Path.of("/proc/" + watchdog + "/environ"), StandardCharsets.ISO_8859_1))
                .doesNotContain("SPOOL_RUN=");
        try (var fds = Files.list(Path.of("/proc/" + watchdog + "/fd"))) {
            assertThat(fds.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("0", "1", "2");
        }
    }
}
