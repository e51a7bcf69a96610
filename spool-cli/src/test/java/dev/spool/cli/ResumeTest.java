package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --resume, --resume-failed and --retry-failed with GNU parallel's semantics, through the real command. */
class ResumeTest {

    /** Job k fails while the file fail-k exists. */
    private static final String JOB = "echo {} >> ran; test ! -e fail-{}";

    @TempDir
    Path dir;

    @Test
    void resumeFailed_rerunsOnlyTheFailedJobs() throws Exception {
        Files.createFile(dir.resolve("fail-2"));
        SpoolCli.Result first = SpoolCli.spool(null, dir, "-j1", "--joblog", "log", JOB, ":::", "1", "2", "3");
        assertThat(first.exit()).as(first.toString()).isEqualTo(1);

        Files.delete(dir.resolve("fail-2"));
        SpoolCli.Result second = SpoolCli.spool(null, dir, "-j1", "--resume-failed", "--joblog", "log",
                JOB, ":::", "1", "2", "3");

        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(Files.readAllLines(dir.resolve("ran"))).containsExactly("1", "2", "3", "2");
        assertThat(Files.readAllLines(dir.resolve("log"))).hasSize(5); // header, 3 first runs, 1 rerun
    }

    @Test
    void resume_skipsEveryLoggedJob_evenFailedOnes() throws Exception {
        Files.createFile(dir.resolve("fail-2"));
        SpoolCli.spool(null, dir, "-j1", "--joblog", "log", JOB, ":::", "1", "2");

        SpoolCli.Result resumed = SpoolCli.spool(null, dir, "-j1", "--resume", "--joblog", "log",
                JOB, ":::", "1", "2", "3");

        assertThat(resumed.exit()).isZero();
        assertThat(Files.readAllLines(dir.resolve("ran"))).containsExactly("1", "2", "3");
    }

    @Test
    void retryFailed_rerunsTheLoggedCommands_ignoringInput() throws Exception {
        Files.createFile(dir.resolve("fail-2"));
        SpoolCli.spool(null, dir, "-j1", "--joblog", "log", JOB, ":::", "1", "2", "3");
        Files.delete(dir.resolve("fail-2"));

        SpoolCli.Result retried = SpoolCli.spool(null, dir, "-j1", "--retry-failed", "--joblog", "log");

        assertThat(retried.exit()).as(retried.toString()).isZero();
        List<String> ran = Files.readAllLines(dir.resolve("ran"));
        assertThat(ran).containsExactly("1", "2", "3", "2");
    }

    @Test
    void retryFailed_valueThatIsShellCode_staysDataOnRetry() throws Exception {
        String payload = "$(touch pwned)";
        SpoolCli.Result first = SpoolCli.spool(null, dir, "--joblog", "log", "echo '{}' >> ran; false", ":::", payload);
        assertThat(first.exit()).as(first.toString()).isEqualTo(1);

        SpoolCli.Result retried = SpoolCli.spool(null, dir, "--retry-failed", "--joblog", "log");

        assertThat(retried.exit()).as(retried.toString()).isEqualTo(1);
        assertThat(dir.resolve("pwned")).as("the value ran as code on retry").doesNotExist();
        assertThat(Files.readAllLines(dir.resolve("ran"))).containsExactly(payload, payload);
    }

    @Test
    void explicitRunSubcommand_sameAsDefault() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "run", "-k", "echo", ":::", "a", "b");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("a\nb\n");
    }
}
