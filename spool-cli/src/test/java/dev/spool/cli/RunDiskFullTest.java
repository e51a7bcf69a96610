package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grouped output waits in $TMPDIR; when that file system fills up, a job's output is lost there. Spool
 * must say so, naming the job and the directory, and exit 255 as GNU parallel does: never print part of
 * the output and report success. Each case runs on a real, small tmpfs, mounted in a private mount
 * namespace ({@code unshare}); skipped where that is not allowed.
 */
class RunDiskFullTest {

    /** The exit status of the wrapper when the tmpfs cannot be mounted here. */
    private static final int NO_TMPFS = 99;

    @TempDir
    Path dir;

    @Test
    void fullTmpdir_smallOutputLost_errorNamesJobAndDirectory_exit255LikeGnuParallel() throws Exception {
        SpoolCli.Result spool = onTmpfs(1024, true, SpoolCli.spoolCommand("-k", "echo", "hello", ":::", "1", "2", "3"));
        if (gnuParallelInstalled()) {
            SpoolCli.Result gnu = onTmpfs(1024, true, List.of("parallel", "-k", "echo", "hello", ":::", "1", "2", "3"));
            assertThat(gnu.exit()).as("GNU parallel, the oracle: %s", gnu).isEqualTo(255);
        }
        assertThat(spool.exit()).as(spool.toString()).isEqualTo(255);
        assertThat(spool.err()).as(spool.toString())
                .contains("spool: Error: Output is incomplete")
                .contains("job 1 (echo hello 1)")
                .contains("Cannot append to buffer file in " + tmp() + ".")
                .contains("Is the disk full?");
        assertThat(spool.out()).isEmpty();
    }

    @Test
    void tmpdirFillsUp_bigOutputsLost_reported_exit255() throws Exception {
        // four jobs of 3 MB each on an 8 MB tmpfs: at least one cannot write all of its output
        SpoolCli.Result spool = onTmpfs(8 * 1024, false,
                SpoolCli.spoolCommand("-j4", "head -c 3000000 /dev/zero; sleep 0.5; true {}", ":::", "1", "2", "3", "4"));

        assertThat(spool.exit()).as(spool.err()).isEqualTo(255);
        assertThat(spool.err()).contains("spool: Error: Output is incomplete")
                .contains(tmp().toString());
        assertThat(spool.stdout().length).as("never all 12 MB, and no job's output printed in part")
                .isIn(0, 3_000_000, 6_000_000);
    }

    @Test
    void tmpdirWithRoom_outputsFit_noFalseAlarm() throws Exception {
        SpoolCli.Result spool = onTmpfs(8 * 1024, false,
                SpoolCli.spoolCommand("-j4", "head -c 1000000 /dev/zero; true {}", ":::", "1", "2", "3", "4"));

        assertThat(spool.exit()).as(spool.err()).isZero();
        assertThat(spool.err()).isEmpty();
        assertThat(spool.stdout()).hasSize(4_000_000);
    }

    private static boolean gnuParallelInstalled() {
        return java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "parallel")));
    }

    private Path tmp() {
        return dir.resolve("tmp");
    }

    /**
     * Runs {@code command} with TMPDIR on a fresh tmpfs of {@code kilobytes}, filled to the last byte first
     * if {@code fill}; skips the test where a private tmpfs cannot be mounted.
     */
    private SpoolCli.Result onTmpfs(int kilobytes, boolean fill, List<String> command)
            throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "no unshare here");
        Files.createDirectories(tmp());
        List<String> wrapped = new ArrayList<>(List.of("/usr/bin/unshare", "--user", "--map-root-user", "--mount",
                "sh", "-c", "mount -t tmpfs -o size=" + kilobytes + "k tmpfs \"$TMPDIR\" || exit " + NO_TMPFS + "; "
                        + (fill ? "cat /dev/zero > \"$TMPDIR/fill\" 2>/dev/null; " : "") + "exec \"$@\"",
                "sh"));
        wrapped.addAll(command);
        SpoolCli.Result result = SpoolCli.run(wrapped, null, dir, Map.of("TMPDIR", tmp().toString(),
                "PARALLEL_HOME", dir.resolve("parallel-home").toString()));
        Assumptions.assumeTrue(result.exit() != NO_TMPFS, "cannot mount a private tmpfs here: " + result.err());
        return result;
    }
}
