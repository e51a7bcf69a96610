package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job slots and their workers exist only for jobs in flight: a huge {@code -j} with few jobs costs no more
 * threads than a small one; with more jobs, or jobs not counted in advance, the slots are cut down to what
 * the limits on processes and open files allow, with GNU parallel's warning. The process-limit cases run
 * spool in a pids cgroup of its own (root with a writable pids controller; skipped elsewhere).
 */
class RunSlotsTest {

    /** A pids.max that leaves spool room for a few hundred job slots. */
    private static final int PIDS_MAX = 1000;
    /** Room for spool's JVM (about 15 threads) and its watchdog, not for 64 more workers. */
    private static final int TIGHT_PIDS_MAX = 50;
    /** The most slots that the runner does not check against the limits. */
    private static final int UNCHECKED_SLOTS = 64;
    private static final byte[] THREE_LINES = "1\n2\n3\n".getBytes(StandardCharsets.ISO_8859_1);

    /** Far more than the threads spool runs with -j2 (about 15), far fewer than the slots asked below. */
    private static final int FEW_THREADS = 60;

    @TempDir
    Path dir;

    @Test
    void manySlotsAsked_oneJob_spoolRunsFewThreads() throws Exception {
        // the job's parent is spool's JVM: the job reports how many threads it has
        SpoolCli.Result result = SpoolCli.spool(null, dir, "-j", "300",
                "grep Threads: /proc/$PPID/status | cut -f2; true {}", ":::", "a");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(Integer.parseInt(result.out().trim())).as(result.toString()).isLessThan(FEW_THREADS);
    }

    @Test
    void manySlotsAsked_fewJobs_slotNumbersStartAtOne() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "-k", "-j", "1000", "echo {%}", ":::", "a", "b", "c");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out().lines().sorted().toList()).containsExactly("1", "2", "3");
    }

    @Test
    void manySlotsAsked_jobsNotCounted_cutDownToTheFileLimitWithWarning() throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "ulimit -n 256 && exec \"$@\"", "sh"));
        command.addAll(SpoolCli.spoolCommand("-j", "500", "echo")); // the values come from stdin: not counted

        SpoolCli.Result result = SpoolCli.run(command, THREE_LINES, dir, Map.of());

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out().lines().sorted().toList()).containsExactly("1", "2", "3");
        assertThat(result.err()).contains("spool: Warning: Only enough file handles to run ")
                .contains("RLIMIT_NOFILE 256");
    }

    @Test
    void hugeSlotCount_oneJob_underAProcessLimit_runsAtOnce() throws Exception {
        SpoolCli.Result result = inPidsCgroup(null, "-j", "1000000", "echo", "x", ":::", "a");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("x a\n");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void hugeSlotCount_jobsNotCounted_cutDownToTheProcessLimitWithWarning() throws Exception {
        SpoolCli.Result result = inPidsCgroup(THREE_LINES, "-j", "1000000", "echo");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out().lines().sorted().toList()).containsExactly("1", "2", "3");
        assertThat(result.err()).contains("spool: Warning: Only enough available processes to run ")
                .contains("pids.max of cgroup");
    }

    @Test
    void threadsCannotStart_runsOnTheThreadsItGets_everyLineSaysWhy_noHang() throws Exception {
        // -j 64 is not checked against the limits, and 64 jobs need 64 workers: more than pids.max allows
        List<String> args = new ArrayList<>(List.of("-j", Integer.toString(UNCHECKED_SLOTS), "true", ":::"));
        for (int i = 1; i <= UNCHECKED_SLOTS; i++) {
            args.add(Integer.toString(i));
        }

        SpoolCli.Result result = inPidsCgroup(TIGHT_PIDS_MAX, null, args.toArray(String[]::new));

        // The pool starts threads on demand and goes on with those it gets (one warning line); jobs whose
        // process cannot start fail one by one, naming themselves; the run ends, with no stack trace.
        assertThat(result.exit()).as(result.toString()).isNotZero();
        assertThat(result.err()).as(result.toString())
                .containsPattern("spool: WARNING: pool spool: started \\d+ of 64 worker threads|spool: cannot start a thread")
                .doesNotContain("\tat ").doesNotContain("Exception in thread");
        assertThat(result.err().lines().filter(line -> !line.isBlank())).as(result.toString())
                .allMatch(line -> line.startsWith("spool: "));
    }

    private SpoolCli.Result inPidsCgroup(byte[] stdin, String... args) throws IOException, InterruptedException {
        return inPidsCgroup(PIDS_MAX, stdin, args);
    }

    /** Runs spool in a new pids cgroup with {@code pidsMax}; skips the test where none can be made. */
    private SpoolCli.Result inPidsCgroup(int pidsMax, byte[] stdin, String... args)
            throws IOException, InterruptedException {
        Path pids = Path.of("/sys/fs/cgroup/pids");
        Assumptions.assumeTrue(Files.isWritable(pids), "no writable cgroup v1 pids controller here");
        Path cgroup = pids.resolve("spool-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createDirectory(cgroup);
            Files.writeString(cgroup.resolve("pids.max"), Integer.toString(pidsMax));
        } catch (IOException e) {
            Assumptions.abort("cannot make a pids cgroup here: " + e);
        }
        try {
            List<String> command = new ArrayList<>(List.of("sh", "-c",
                    "echo $$ > \"$0/cgroup.procs\" && exec \"$@\"", cgroup.toString()));
            command.addAll(SpoolCli.spoolCommand(args));
            return SpoolCli.run(command, stdin, dir, Map.of());
        } finally {
            // spool's watchdog may outlive it by a moment
            Await.until("cgroup " + cgroup + " empty", () -> readOrEmpty(cgroup.resolve("cgroup.procs")).isBlank());
            Files.delete(cgroup);
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
