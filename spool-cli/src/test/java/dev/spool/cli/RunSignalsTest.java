package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.Await;
import dev.spool.testing.TestTimeouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real processes and real signals: timeouts kill whole process trees, SIGINT/SIGTERM stop every job and
 * exit 255, SIGHUP lets running jobs finish, SIGKILL of spool leaves no job behind, and --resume after an
 * interrupted run completes every job exactly once.
 */
class RunSignalsTest {

    /** Each job notes its start, sleeps its value in seconds, then notes its completion. */
    /** {@code sh -c IGNORING_SIGINT sh COMMAND...} runs COMMAND with SIGINT ignored, as {@code cmd &} in a script does. */
    private static final String IGNORING_SIGINT = "trap '' INT; exec \"$@\"";
    private static final long SIGINT_BIT = 1L << (2 - 1);

    /** Notes its start and end, and the pid of its sleep, so that a test can check exactly its own processes. */
    private static final String NOTING_JOB =
            "echo {#} >> started; sleep {} & echo $! >> sleeps; wait; echo {#} >> completed";

    @TempDir
    Path dir;

    private Process spool;

    @AfterEach
    void killLeftovers() {
        if (spool != null) {
            spool.descendants().forEach(ProcessHandle::destroyForcibly);
            spool.destroyForcibly();
        }
    }

    @Test
    void timeout_jobWithGrandchild_wholeTreeKilled() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "--timeout", "0.5", "--joblog", "log",
                "sleep 300 & echo $! > grandchild{}; wait", ":::", "1");

        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        long grandchild = Long.parseLong(Files.readString(dir.resolve("grandchild1")).trim());
        Await.until("grandchild " + grandchild + " gone", () -> !alive(grandchild));
        String[] logged = Files.readAllLines(dir.resolve("log")).get(1).split("\t");
        assertThat(logged[6]).as("Exitval column, as GNU parallel logs a timeout").isEqualTo("-1");
        assertThat(logged[7]).as("Signal column").isEqualTo("15");
        assertThat(result.err()).contains("killed because it timed out");
    }

    @Test
    void memfree_moreThanTheMachineHas_holdsEveryStartUntilSigint_noJobRuns() throws Exception {
        startSpool("-j2", "--memfree", "1P", "--joblog", "log", NOTING_JOB, ":::", "0", "0", "0");
        long pid = spool.pid();
        Await.until("spool's job workers started (and wait for memory)", () -> workerThreads(pid) > 0);

        signal("INT", pid);

        assertThat(exitCode()).isEqualTo(255);
        assertThat(lines("started")).as("no job started: the memory was never there").isEmpty();
        assertThat(Files.readAllLines(dir.resolve("log"))).as("only the header").hasSize(1);
    }

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"HUP, 0", "INT, 255"})
    void signalBeforeThePoolStarted_noJobStarts(String signal, int exit) throws Exception {
        // the joblog is a fifo: spool blocks opening it, after its signal handlers are set and before its
        // pool exists, the window in which a signal used to be lost (SIGHUP: every job ran)
        Path log = dir.resolve("log");
        assertThat(new ProcessBuilder("mkfifo", log.toString()).start().waitFor()).isZero();
        startSpool("-j2", "--joblog", "log", NOTING_JOB, ":::", "0", "0", "0", "0");
        long pid = spool.pid();
        Await.until("spool blocked opening its joblog fifo", () -> openingFifo(pid));

        signal(signal, pid);
        String logged;
        try (var reader = Files.newBufferedReader(log)) { // lets spool open the joblog and go on
            logged = reader.lines().collect(java.util.stream.Collectors.joining("\n"));
        }

        assertThat(exitCode()).isEqualTo(exit);
        assertThat(lines("started")).as("no job started").isEmpty();
        assertThat(logged.lines()).as("the joblog: its header only").hasSize(1);
    }

    /** Whether a thread of {@code pid} waits in open() for a fifo's other end. */
    private static boolean openingFifo(long pid) {
        return threads(pid, "wchan", "wait_for_partner"::equals) > 0;
    }

    @Test
    void groupBy_stdinSilent_sigint_exit255_promptly_perlFilterGone() throws Exception {
        // stdin is a pipe the test never writes to: without the filter killed, spool would wait for its end
        startSpool("--group-by", "1", "-N1", "cat");
        long pid = spool.pid();
        Await.until("spool started the --group-by filter (perl)", () -> spool.descendants()
                .anyMatch(p -> p.info().command().orElse("").endsWith("perl")));
        // and its runner reads the filter's output (a SIGINT before the runner registers for signals ends
        // the JVM by default, with 130)
        Await.until("spool reads the filter's output", () -> threads(pid, "wchan", w -> w.endsWith("pipe_read")) > 0);
        List<ProcessHandle> filters = spool.descendants()
                .filter(p -> p.info().command().orElse("").endsWith("perl")).toList();

        signal("INT", pid);

        assertThat(exitCode()).isEqualTo(255);
        assertThat(filters).isNotEmpty()
                .allSatisfy(p -> assertThat(p.isAlive()).as("perl %s alive", p.pid()).isFalse());
    }

    /** Threads of {@code pid} that run jobs (named spool-worker-N), from /proc. */
    private static long workerThreads(long pid) {
        return threads(pid, "comm", comm -> comm.startsWith("spool-worker"));
    }

    /** Threads of {@code pid} whose /proc/PID/task/TID/{@code file} passes {@code test}; 0 once it ended. */
    private static long threads(long pid, String file, java.util.function.Predicate<String> test) {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.filter(t -> {
                try {
                    return test.test(Files.readString(t.resolve(file)));
                } catch (IOException e) {
                    return false; // the thread ended
                }
            }).count();
        } catch (IOException e) {
            return 0; // spool ended
        }
    }

    @Test
    void sigint_runningJobsKilled_exit255_killedJobsNotLogged_resumeRunsTheRestOnce() throws Exception {
        startSpool("-j2", "--joblog", "log", NOTING_JOB, ":::", "0", "0", "300", "300", "0", "0");
        Await.until("jobs 3 and 4 started their sleeps", () -> lines("sleeps").size() == 4);
        long pid = spool.pid();

        signal("INT", pid);

        assertThat(exitCode()).isEqualTo(255);
        assertThat(lines("completed")).containsExactlyInAnyOrder("1", "2");
        assertThat(Files.readAllLines(dir.resolve("log"))).hasSize(3); // header + jobs 1 and 2
        assertThat(lines("sleeps")).as("every job's sleep started").hasSize(4)
                .allSatisfy(sleep -> assertThat(alive(Long.parseLong(sleep.trim()))).as("sleep " + sleep + " alive")
                        .isFalse());

        SpoolCli.Result resumed = SpoolCli.spool(null, dir, "-j2", "--resume", "--joblog", "log",
                NOTING_JOB, ":::", "0", "0", "0", "0", "0", "0");

        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(lines("completed")).containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6");
        assertThat(Files.readAllLines(dir.resolve("log"))).hasSize(7);
    }

    @Test
    void sigterm_stopsLikeSigint() throws Exception {
        startSpool("-j2", NOTING_JOB, ":::", "300", "300", "0");
        Await.until("both jobs started", () -> lines("started").size() == 2);

        signal("TERM", spool.pid());

        assertThat(exitCode()).isEqualTo(255);
        assertThat(lines("started")).hasSize(2);
        assertThat(lines("completed")).isEmpty();
    }

    @Test
    void sigint_inheritedAsIgnored_stillStopsTheRun_exit255() throws Exception {
        // A non-interactive shell starts a background command with SIGINT ignored (as `trap '' INT` does
        // here); GNU parallel installs its handler anyway and stops, and so must spool.
        SpoolCli.Result probe = SpoolCli.run(List.of("sh", "-c", IGNORING_SIGINT, "sh", "grep", "SigIgn",
                "/proc/self/status"), null, dir, java.util.Map.of());
        assertThat(Long.parseUnsignedLong(probe.out().replaceAll("[^0-9a-f]", ""), 16) & SIGINT_BIT)
                .as("the wrapper starts its command with SIGINT ignored: %s", probe).isEqualTo(SIGINT_BIT);
        List<String> command = new java.util.ArrayList<>(List.of("sh", "-c", IGNORING_SIGINT, "sh"));
        command.addAll(SpoolCli.spoolCommand("-j2", "echo $$ >> started; sleep {}; echo {#} >> completed",
                ":::", "300", "300"));
        spool = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("spool.out").toFile()).redirectError(dir.resolve("spool.err").toFile())
                .start();
        Await.until("both jobs started", () -> lines("started").size() == 2);
        List<Long> jobs = lines("started").stream().map(Long::parseLong).toList();

        signal("INT", spool.pid());

        assertThat(exitCode()).as("exit status; stderr: %s", stderr()).isEqualTo(255);
        assertThat(lines("completed")).isEmpty();
        Await.until("both jobs gone", () -> jobs.stream().noneMatch(RunSignalsTest::alive));
    }

    @Test
    void sighup_runningJobsFinish_noNewJobStarts() throws Exception {
        Files.createFile(dir.resolve("gate"));
        String job = "echo {#} >> started; while [ -e gate ]; do sleep 0.05; done; echo {#} >> completed";
        startSpool("-j2", job, ":::", "a", "b", "c", "d");
        Await.until("two jobs started", () -> lines("started").size() == 2);

        signal("HUP", spool.pid());
        Await.until("spool saw the hangup", () -> stderr().contains("SIGHUP"));
        Files.delete(dir.resolve("gate"));

        assertThat(exitCode()).isZero();
        assertThat(lines("completed")).containsExactlyInAnyOrder("1", "2");
        assertThat(lines("started")).hasSize(2);
    }

    @Test
    void sigkillOfSpool_everyJobDiesWithinASecond() throws Exception {
        startSpool("-j2", "sh -c 'sleep 300 & echo $! > gc$1; echo $$ > job$1; wait' sh {}", ":::", "1", "2");
        Await.until("both jobs and grandchildren up", () -> Files.exists(dir.resolve("gc1"))
                && Files.exists(dir.resolve("gc2")) && Files.exists(dir.resolve("job1"))
                && Files.exists(dir.resolve("job2")));
        List<Long> pids = List.of(pidIn("gc1"), pidIn("gc2"), pidIn("job1"), pidIn("job2"));

        spool.destroyForcibly(); // SIGKILL: spool runs no code of its own after this

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1) + TestTimeouts.SHORT.toNanos() / 5;
        Await.until("every job and grandchild gone", () -> pids.stream().noneMatch(RunSignalsTest::alive));
        assertThat(System.nanoTime()).as("within about a second").isLessThan(deadline);
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("spool.err"));
        } catch (IOException e) {
            return "";
        }
    }

    private void startSpool(String... args) throws IOException {
        spool = new ProcessBuilder(SpoolCli.spoolCommand(args)).directory(dir.toFile())
                .redirectOutput(dir.resolve("spool.out").toFile()).redirectError(dir.resolve("spool.err").toFile())
                .start();
    }

    private int exitCode() throws Exception {
        if (!spool.waitFor(TestTimeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("spool still running after " + TestTimeouts.LONG + "; stderr: "
                    + Files.readString(dir.resolve("spool.err")));
        }
        return spool.exitValue();
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(TestTimeouts.SHORT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private List<String> lines(String file) {
        try {
            Path path = dir.resolve(file);
            return Files.exists(path) ? Files.readAllLines(path) : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long pidIn(String file) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve(file)).trim());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && !isZombie(pid);
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true; // gone
        }
    }
}
