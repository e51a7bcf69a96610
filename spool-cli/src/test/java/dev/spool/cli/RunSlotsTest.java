package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job slots and their workers exist only for jobs in flight: a huge {@code -j} with few jobs costs no more
 * threads than a small one.
 */
class RunSlotsTest {

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
}
