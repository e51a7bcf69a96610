package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.TestTimeouts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Remote execution ({@code -S}, {@code --sshloginfile}, {@code --workdir}, {@code --transferfile}, {@code
 * --return}, {@code --cleanup}, {@code --basefile}, {@code --env}, {@code --controlmaster}, {@code --filter-hosts}) against a real sshd on 127.0.0.1, with
 * GNU parallel run the same way as the oracle; and the promises GNU parallel does not make: a remote job ends
 * when spool is killed.
 */
class RemoteExecutionTest {

    private static final String CASES = "gnu-parallel-remote-cases.txt";

    @TempDir
    static Path serverDir;

    private static LocalSshd sshd;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSshd() throws Exception {
        SpoolCli.requireGnuParallel();
        LocalSshd.require();
        sshd = LocalSshd.start(serverDir.resolve("sshd"));
    }

    @AfterAll
    static void stopSshd() {
        if (sshd != null) {
            sshd.close();
        }
    }

    static Stream<Arguments> cases() throws IOException {
        return SpoolCli.caseLines(RemoteExecutionTest.class, CASES);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void remoteRun_sameOutputStatusAndFilesAsGnuParallel(String script) throws Exception {
        Path home = Path.of(System.getProperty("user.home"));
        boolean pwnedBefore = Files.exists(home.resolve("pwned"));

        String gnu = runIn("gnu", script, "command parallel");
        String spool = runIn("spool", script, SpoolCli.shellWords(SpoolCli.spoolCommand()));

        assertThat(gnu).as("GNU parallel's run").doesNotContain("Permission denied (publickey");
        assertThat(spool).as("spool's run of: %s", script).isEqualTo(gnu);
        assertThat(dir.resolve("spool/pwned")).as("a value ran as code").doesNotExist();
        if (!pwnedBefore) {
            assertThat(home.resolve("pwned")).as("a value ran as code on the remote computer").doesNotExist();
        }
    }

    @Test
    void spoolKilled_remoteJobEnds_noOrphanOnTheRemoteComputer() throws Exception {
        String marker = "sleep 7" + ProcessHandle.current().pid() % 1000 + ".5";
        var started = SpoolCli.start(SpoolCli.spoolCommand("-S", "testhost", "-j2", marker + "; echo {}", ":::",
                "a", "b"), Map.of("PARALLEL_SSH", sshd.sshOption()));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (remoteSleeps(marker) < 2) {
            assertThat(System.nanoTime()).as("the two remote jobs started").isLessThan(deadline);
            Thread.sleep(50); // polling the process table: nothing to wait on
        }

        started.process().destroyForcibly(); // SIGKILL: spool gets no chance to clean up

        deadline = System.nanoTime() + 10_000_000_000L;
        while (remoteSleeps(marker) > 0) {
            assertThat(System.nanoTime()).as("remote jobs still running after spool was killed").isLessThan(deadline);
            Thread.sleep(50);
        }
        started.process().waitFor();
    }

    /** GNU parallel 20221122 loses such a file on the way (its rsync line splits the name); spool does not. */
    @Test
    void transferAndReturn_fileNameWithSpaceAndQuote_roundTrips() throws Exception {
        Path work = Files.createDirectories(dir.resolve("names"));
        Files.createDirectories(work.resolve("in"));
        Files.writeString(work.resolve("in/s p'q.txt"), "xy");

        SpoolCli.Result result = SpoolCli.run(SpoolCli.spoolCommand("-S", "testhost", "--wd",
                work.resolve("remote").toString(), "--trc", "{.}.out", "wc -c < {} > {.}.out", ":::", "in/s p'q.txt"),
                null, work, Map.of("PARALLEL_SSH", sshd.sshOption()));

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(Files.readString(work.resolve("in/s p'q.out")).strip()).isEqualTo("2");
        assertThat(work.resolve("remote")).as("--trc cleans up").doesNotExist();
    }

    /**
     * As GNU parallel starts one job on each computer in turn, jobs spread over the computers: two jobs on two
     * computers with two slots each run one on each (they used to fill the first computer's slots). The jobs
     * wait for each other (a file each, at most 10 s), so that both run at once whatever the timing.
     */
    @Test
    void twoComputers_jobsSpreadOverThem() throws Exception {
        Path barrier = Files.createDirectories(dir.resolve("barrier"));
        String job = "touch " + barrier + "/{}; i=0; while [ $(ls " + barrier + " | wc -l) -lt 2 ] && [ $i -lt 200 ];"
                + " do sleep 0.05; i=$((i+1)); done; echo $PARALLEL_SSHLOGIN";

        SpoolCli.Result result = SpoolCli.run(SpoolCli.spoolCommand("--ssh", "ssh -F " + sshd.configForEveryHost(),
                "-S", "2/hosta,2/hostb", job, ":::", "1", "2"), null, dir, Map.of());

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out().lines().sorted().toList()).as(result.toString()).containsExactly("hosta", "hostb");
    }

    @Test
    void badSshlogins_oneLineEachExit255() throws Exception {
        for (List<String> args : List.of(List.of("-S", "user:secret@host"), List.of("-S", "@group"),
                List.of("-S", "0/host"), List.of("--slf", "no-such-file"), List.of("-S", "testhost", "--env", "_"))) {
            List<String> all = new java.util.ArrayList<>(args);
            all.addAll(List.of("echo", ":::", "a"));
            SpoolCli.Result result = SpoolCli.run(SpoolCli.spoolCommand(all.toArray(String[]::new)), null, dir,
                    Map.of("PARALLEL_SSH", sshd.sshOption()));
            assertThat(result.exit()).as("%s: %s", args, result).isEqualTo(255);
            assertThat(result.err()).as("%s", args).startsWith("spool: ").doesNotContain("secret")
                    .doesNotContain("Exception").hasLineCount(1);
        }
    }

    /** One login for the run: every job's ssh goes through the master, so sshd sees one client port. */
    @Test
    void controlMaster_jobsShareOneConnection_noMasterOrSocketLeft() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));

        SpoolCli.Result result = SpoolCli.run(SpoolCli.spoolCommand("--controlmaster", "-S", "testhost", "-j3",
                "-k", "echo {} $SSH_CONNECTION", ":::", "1", "2", "3", "4"), null, dir,
                Map.of("PARALLEL_SSH", sshd.sshOption(), "TMPDIR", tmp.toString()));

        assertThat(result.exit()).as(result.toString()).isZero();
        List<String[]> lines = result.out().lines().map(l -> l.split(" ")).toList();
        assertThat(lines).extracting(l -> l[0]).containsExactly("1", "2", "3", "4");
        assertThat(lines.stream().map(l -> l[2]).distinct()).as("the client ports sshd saw: %s", result.out())
                .hasSize(1);
        assertThat(processesMentioning(tmp.toString())).as("ssh processes left").isEmpty();
        assertThat(tmp).as("the sockets' directory is removed").isEmptyDirectory();
    }

    /** GNU parallel leaves an sshlogin with its own ssh command alone; so does spool: no master for it. */
    @Test
    void controlMaster_loginWithOwnSshCommand_noMaster() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));

        SpoolCli.Result result = SpoolCli.run(SpoolCli.spoolCommand("--controlmaster", "-S",
                sshd.sshOption() + " testhost", "-k", "echo {} $SSH_CONNECTION", ":::", "1", "2"), null, dir,
                Map.of("TMPDIR", tmp.toString()));

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out().lines().map(l -> l.split(" ")[2]).distinct()).as("a login per job").hasSize(2);
        assertThat(tmp).isEmptyDirectory();
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void controlMaster_spoolStoppedBySignal_noMasterOrSocketLeft(String signal) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        String marker = "sleep 8" + ProcessHandle.current().pid() % 1000 + ".5";
        var started = SpoolCli.start(SpoolCli.spoolCommand("--controlmaster", "-S", "testhost", "-j2",
                marker + "; echo {}", ":::", "a", "b"), Map.of("PARALLEL_SSH", sshd.sshOption(), "TMPDIR",
                tmp.toString()));
        long deadline = System.nanoTime() + TestTimeouts.scaled(Duration.ofSeconds(20)).toNanos();
        while (remoteSleeps(marker) < 2) {
            assertThat(System.nanoTime()).as("the two remote jobs started").isLessThan(deadline);
            Thread.sleep(50); // polling the process table: nothing to wait on
        }
        assertThat(processesMentioning(tmp.toString())).as("the master runs").isNotEmpty();

        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(started.process().pid())).start();
        assertThat(kill.waitFor()).isZero();
        SpoolCli.Result result = started.finish();

        assertThat(result.exit()).as(result.toString()).isNotZero();
        assertThat(processesMentioning(tmp.toString())).as("ssh processes left").isEmpty();
        assertThat(tmp).as("the sockets' directory is removed").isEmptyDirectory();
        deadline = System.nanoTime() + TestTimeouts.scaled(Duration.ofSeconds(10)).toNanos();
        while (remoteSleeps(marker) > 0) {
            assertThat(System.nanoTime()).as("remote jobs still running after spool stopped").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void filterHosts_oneHostDown_removedWithWarning_jobsRunOnTheOthers() throws Exception {
        SpoolCli.Result result = SpoolCli.run(SpoolCli.spoolCommand("--filter-hosts", "-S",
                "nosuchhost.invalid,testhost", "-k", "echo {} $PARALLEL_SSHLOGIN", ":::", "a", "b"), null, dir,
                Map.of("PARALLEL_SSH", sshd.sshOption()));

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("a testhost\nb testhost\n");
        assertThat(result.err()).isEqualTo("spool: Warning: Removed nosuchhost.invalid.\n");
    }

    /** GNU parallel: "Warning: Removed ...", "Error: Cannot run any jobs.", exit 255. */
    @Test
    void filterHosts_everyHostDown_exit255_noJobRuns() throws Exception {
        SpoolCli.Result result = SpoolCli.run(SpoolCli.spoolCommand("--filter-hosts", "-S",
                "nosuchhost.invalid,other.invalid", "touch {}", ":::", "ran"), null, dir,
                Map.of("PARALLEL_SSH", sshd.sshOption()));

        assertThat(result.exit()).as(result.toString()).isEqualTo(255);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("spool: Warning: Removed nosuchhost.invalid other.invalid.\n"
                + "spool: --filter-hosts: no sshlogin is up: cannot run any jobs\n");
        assertThat(dir.resolve("ran")).doesNotExist();
    }

    /** The pids of the processes whose command line holds {@code text}. */
    private static List<Long> processesMentioning(String text) {
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"),
                        StandardCharsets.ISO_8859_1).contains(text);
            } catch (IOException | RuntimeException gone) {
                return false;
            }
        }).map(ProcessHandle::pid).toList();
    }

    /** How many processes run exactly {@code sleep N}: the remote jobs (sshd is on this machine). */
    private static long remoteSleeps(String marker) {
        String wanted = marker.replace(' ', '\0') + "\0";
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"),
                        StandardCharsets.ISO_8859_1).equals(wanted);
            } catch (IOException | RuntimeException gone) {
                return false;
            }
        }).count();
    }

    /** Runs the script with {@code parallel} standing for {@code tool}; returns stdout, status and files. */
    private String runIn(String name, String script, String tool) throws Exception {
        Path work = Files.createDirectories(dir.resolve(name));
        Files.createDirectories(work.resolve("in"));
        Files.writeString(work.resolve("in/a.txt"), "hello\n");
        Files.writeString(work.resolve("in/b.txt"), "world\n");
        Files.writeString(work.resolve("base.sh"), "echo base \"$1\"\n");
        Map<String, String> env = new HashMap<>();
        env.put("PARALLEL_SSH", sshd.sshOption());
        env.put("R", work.resolve("remote").toString());
        env.put("PARALLEL_SHELL", "/bin/sh");
        String line = "parallel() { " + tool + " \"$@\"; }\n" + script;
        SpoolCli.Result result = SpoolCli.run(List.of("bash", "-c", line), null, work, env);
        StringBuilder seen = new StringBuilder("exit ").append(result.exit()).append("\n--- stdout\n")
                .append(result.out()).append("--- files\n");
        try (Stream<Path> files = Files.walk(work)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                seen.append("== ").append(work.relativize(file)).append('\n')
                        .append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        return seen.toString().replace(work.toString(), "WORK");
    }
}
