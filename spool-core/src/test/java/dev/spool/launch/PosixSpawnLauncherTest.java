package dev.spool.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.testing.TestTimeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixSpawnLauncherTest {

    private final PosixSpawnLauncher launcher = PosixSpawnLauncher.unguarded();

    @TempDir
    Path dir;

    private static List<byte[]> utf8(String... args) {
        return Stream.of(args).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private ExitStatus run(JobSpec spec) throws Exception {
        LaunchedJob job = launcher.launch(spec);
        return job.waitFor(TestTimeouts.SHORT).orElseThrow(() -> new AssertionError(job + " did not end"));
    }

    @Test
    void launch_commandsExitingWithCodes_reportThoseCodes() throws Exception {
        assertThat(run(JobSpec.builder("true").build())).isEqualTo(new ExitStatus.Exited(0));
        assertThat(run(JobSpec.builder("false").build()).code()).isEqualTo(1);
        ExitStatus s = run(JobSpec.builder("sh", "-c", "exit 42").build());
        assertThat(s).isEqualTo(new ExitStatus.Exited(42));
        assertThat(s.succeeded()).isFalse();
    }

    @Test
    void launch_jobKilledBySignal_reportsSignalAndShellCode() throws Exception {
        ExitStatus s = run(JobSpec.builder("sh", "-c", "kill -TERM $$; sleep 5").build());
        assertThat(s).isEqualTo(new ExitStatus.Killed(15, false));
        assertThat(s.code()).isEqualTo(143);
        assertThat(s).hasToString("killed by SIGTERM");
    }

    @Test
    void launch_awkwardArgumentBytes_arriveByteForByte() throws Exception {
        Random random = new Random(42);
        List<byte[]> values = new ArrayList<>(utf8("$(touch pwned)", "a;touch pwned2", "'\"", "line\nbreak", " ",
                "`touch pwned3`", "-n", "*", "é €"));
        for (int i = 0; i < 20; i++) {
            byte[] bytes = new byte[1 + random.nextInt(40)];
            random.nextBytes(bytes);
            for (int j = 0; j < bytes.length; j++) {
                if (bytes[j] == 0) {
                    bytes[j] = (byte) 0xff;
                }
            }
            values.add(bytes);
        }
        Path out = dir.resolve("args.bin");
        List<byte[]> argv = new ArrayList<>(utf8("sh", "-c", "for a; do printf '%s\\0' \"$a\"; done > args.bin", "sh"));
        argv.addAll(values);

        ExitStatus s = run(JobSpec.builder(argv).directory(dir).build());

        assertThat(s.code()).isZero();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (byte[] v : values) {
            expected.writeBytes(v);
            expected.write(0);
        }
        assertThat(Files.readAllBytes(out)).isEqualTo(expected.toByteArray());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("args.bin");
        }
    }

    @Test
    void launch_missingCommand_throwsCommandNotFound() {
        assertThatThrownBy(() -> launcher.launch(JobSpec.builder("spool-no-such-command-x1", "a").build()))
                .isInstanceOfSatisfying(LaunchException.class, e -> {
                    assertThat(e.isCommandNotFound()).isTrue();
                    assertThat(e.errno()).isEqualTo(Libc.ENOENT);
                    assertThat(e.failure().shellStatus()).isEqualTo(127);
                    assertThat(e.command()).isEqualTo("spool-no-such-command-x1");
                })
                .hasMessageContaining("spool-no-such-command-x1")
                .hasMessageContaining("No such file or directory");
    }

    @Test
    void launch_fileWithoutExecutePermission_throwsNotExecutable() throws Exception {
        Path script = dir.resolve("script.sh");
        Files.writeString(script, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> launcher.launch(JobSpec.builder(script.toString()).build()))
                .isInstanceOfSatisfying(LaunchException.class, e -> {
                    assertThat(e.failure()).isEqualTo(LaunchException.Cause.COMMAND_NOT_EXECUTABLE);
                    assertThat(e.failure().shellStatus()).isEqualTo(126);
                });
    }

    @Test
    void launch_missingWorkingDirectory_throwsSetupFailedNotCommandNotFound() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> launcher.launch(JobSpec.builder("true").directory(missing).build()))
                .isInstanceOfSatisfying(LaunchException.class, e -> {
                    assertThat(e.isCommandNotFound()).isFalse();
                    assertThat(e.failure()).isEqualTo(LaunchException.Cause.SETUP_FAILED);
                })
                .hasMessageContaining(missing.toString());
    }

    @Test
    void launch_missingStdinFile_throwsSetupFailed() {
        Path missing = dir.resolve("missing.txt");
        assertThatThrownBy(() -> launcher.launch(JobSpec.builder("cat").stdin(Redirect.fromFile(missing)).build()))
                .isInstanceOfSatisfying(LaunchException.class,
                        e -> assertThat(e.failure()).isEqualTo(LaunchException.Cause.SETUP_FAILED))
                .hasMessageContaining("stdin from " + missing);
    }

    @Test
    void launch_exactEnvironment_jobSeesOnlyThoseEntriesByteForByte() throws Exception {
        byte[] odd = {'O', 'D', 'D', '=', (byte) 0xff, (byte) 0xfe, '\n', 'x'};
        JobSpec spec = JobSpec.builder("/usr/bin/env", "-0")
                .environment(JobEnvironment.exactly(List.of("A=1".getBytes(StandardCharsets.UTF_8), odd)))
                .stdout(Redirect.PIPE)
                .build();
        LaunchedJob job = launcher.launch(spec);
        byte[] out = job.stdout().readAllBytes();
        assertThat(job.waitFor(TestTimeouts.SHORT)).contains(new ExitStatus.Exited(0));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("A=1\0".getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(odd);
        expected.write(0);
        assertThat(out).isEqualTo(expected.toByteArray());
    }

    @Test
    void launch_inheritedEnvironmentWithChanges_setsAndRemovesVariables() throws Exception {
        JobSpec spec = JobSpec.builder("sh", "-c", "printf '%s|%s|%s' \"$SPOOL_T1\" \"${HOME-unset}\" \"$PATH\"")
                .environment(JobEnvironment.inherit().with("SPOOL_T1", "one").with("SPOOL_T1", "two").without("HOME"))
                .stdout(Redirect.PIPE)
                .build();
        LaunchedJob job = launcher.launch(spec);
        String out = new String(job.stdout().readAllBytes(), StandardCharsets.UTF_8);
        job.waitFor();
        assertThat(out).isEqualTo("two|unset|" + System.getenv("PATH"));
    }

    @Test
    void launch_inheritedEnvironmentWithChanges_keepsTheRestInOrderAndAppendsTheLastValues() throws Exception {
        // /proc/self/environ is the environment the JVM received, in environ's order
        List<String> inherited = new ArrayList<>();
        for (String entry : Files.readString(Path.of("/proc/self/environ"), StandardCharsets.ISO_8859_1).split("\0")) {
            if (!entry.isEmpty() && !entry.startsWith("HOME=") && !entry.startsWith("PATH=")
                    && !entry.startsWith("SPOOL_T2=") && !entry.startsWith("SPOOL_T3=")) {
                inherited.add(entry);
            }
        }
        JobSpec spec = JobSpec.builder("/usr/bin/env", "-0")
                .environment(JobEnvironment.inherit().with("SPOOL_T2", "first").with("HOME", "/elsewhere")
                        .without("PATH").with("SPOOL_T3", "x").with("SPOOL_T2", "last"))
                .stdout(Redirect.PIPE)
                .build();
        LaunchedJob job = launcher.launch(spec);
        String out = new String(job.stdout().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(job.waitFor(TestTimeouts.SHORT)).contains(new ExitStatus.Exited(0));
        List<String> expected = new ArrayList<>(inherited);
        expected.addAll(List.of("HOME=/elsewhere", "SPOOL_T3=x", "SPOOL_T2=last"));
        assertThat(out.split("\0")).containsExactlyElementsOf(expected);
    }

    @Test
    void launch_workingDirectory_jobRunsThere() throws Exception {
        LaunchedJob job = launcher.launch(JobSpec.builder("pwd").directory(dir).stdout(Redirect.PIPE).build());
        String out = new String(job.stdout().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(job.waitFor().code()).isZero();
        assertThat(out).isEqualTo(dir.toRealPath() + "\n");
    }

    @Test
    void launch_fileRedirects_truncateAppendAndRead() throws Exception {
        Path file = dir.resolve("out.txt");
        Files.writeString(file, "old content that must go\n");
        run(JobSpec.builder("echo", "one").stdout(Redirect.toFile(file)).build());
        run(JobSpec.builder("sh", "-c", "echo two >&2").stderr(Redirect.appendTo(file)).build());
        assertThat(Files.readString(file)).isEqualTo("one\ntwo\n");

        Path copy = dir.resolve("copy.txt");
        run(JobSpec.builder("cat").stdin(Redirect.fromFile(file)).stdout(Redirect.toFile(copy)).build());
        assertThat(Files.readString(copy)).isEqualTo("one\ntwo\n");
    }

    @Test
    void launch_pipes_roundTripBytesThroughTheJob() throws Exception {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        LaunchedJob job = launcher.launch(JobSpec.builder("cat").stdin(Redirect.PIPE).stdout(Redirect.PIPE).build());
        Thread writer = Thread.ofPlatform().start(() -> {
            try (var in = job.stdin()) {
                in.write(data);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] echoed = job.stdout().readAllBytes();
        writer.join(TestTimeouts.SHORT);
        assertThat(writer.isAlive()).isFalse();
        assertThat(echoed).isEqualTo(data);
        assertThat(job.waitFor().code()).isZero();
        job.stdout().close();
        assertThatThrownBy(() -> job.stdout().read()).isInstanceOf(IOException.class);
    }

    @Test
    void launch_stderrDupOfStdout_mergesLikeShell2To1() throws Exception {
        LaunchedJob job = launcher.launch(JobSpec.builder("sh", "-c", "echo out; echo err >&2")
                .stdout(Redirect.PIPE).stderr(Redirect.fd(1)).stdin(Redirect.NULL).build());
        String out = new String(job.stdout().readAllBytes(), StandardCharsets.UTF_8);
        job.waitFor();
        assertThat(out).isEqualTo("out\nerr\n");
        assertThatThrownBy(job::stderr).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void launch_nullStdin_readsEndOfFileAtOnce() throws Exception {
        LaunchedJob job = launcher.launch(JobSpec.builder("wc", "-c").stdin(Redirect.NULL).stdout(Redirect.PIPE).build());
        assertThat(new String(job.stdout().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo("0");
        assertThat(job.waitFor().code()).isZero();
    }

    @Test
    void launch_job_leadsItsOwnProcessGroup() throws Exception {
        LaunchedJob job = launcher.launch(JobSpec.builder("sleep", "100").build());
        try {
            assertThat(ProcFs.pgid(job.pid())).isEqualTo(job.pid());
            assertThat(job.pgid()).isEqualTo(job.pid());
            assertThat(ProcFs.pgid(job.pid())).isNotEqualTo(ProcFs.pgid(ProcessHandle.current().pid()));
        } finally {
            job.signalGroup(9);
            job.waitFor();
        }
    }

    @Test
    void launch_job_hasOnlyDescriptors012() throws Exception {
        // Pipes of another job are open in the JVM meanwhile: neither end may leak into this one.
        LaunchedJob other = launcher.launch(JobSpec.builder("cat").stdin(Redirect.PIPE).stdout(Redirect.PIPE).build());
        LaunchedJob job = launcher.launch(JobSpec.builder("sleep", "100").stdout(Redirect.PIPE).build());
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + job.pid() + "/fd"))) {
            assertThat(fds.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("0", "1", "2");
        } finally {
            job.signalGroup(9);
            other.stdin().close();
            assertThat(job.waitFor(TestTimeouts.SHORT)).isPresent();
            assertThat(other.waitFor(TestTimeouts.SHORT)).isPresent();
        }
    }

    @Test
    void launch_job_hasEmptySignalMaskAndNoIgnoredSignals() throws Exception {
        LaunchedJob job = launcher.launch(JobSpec.builder("sleep", "100").build());
        try {
            assertThat(ProcFs.status(job.pid(), "SigBlk")).isEqualTo("0000000000000000");
            assertThat(ProcFs.status(job.pid(), "SigIgn")).isEqualTo("0000000000000000");
        } finally {
            job.signalGroup(9);
            job.waitFor();
        }
    }

    @Test
    void launch_argvWithNulByte_isRejectedNamingTheArgument() {
        assertThatThrownBy(() -> JobSpec.builder(List.of("echo".getBytes(), new byte[] {'a', 0, 'b'})).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argv[1]");
    }

    @Test
    void launch_manyJobsInSequence_leakNoDescriptors() throws Exception {
        long before;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            before = fds.count();
        }
        for (int i = 0; i < 50; i++) {
            LaunchedJob job = launcher.launch(JobSpec.builder("echo", "x").stdout(Redirect.PIPE).stderr(Redirect.PIPE).build());
            job.stdout().readAllBytes();
            job.stdout().close();
            job.stderr().close();
            job.waitFor();
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            assertThat(fds.count()).isLessThanOrEqualTo(before + 2);
        }
    }
}
