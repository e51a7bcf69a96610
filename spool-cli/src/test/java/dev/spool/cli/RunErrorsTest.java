package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets one clear line naming the bad value and exit 255: never a stack trace, never a hang. */
class RunErrorsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --no-such-option echo ::: a            | --no-such-option
            -j x echo ::: a                        | -j: 'x'
            -j 5x echo ::: a                       | '5x'
            -j +-5 echo ::: a                      | -j: '+-5'
            -j --3 echo ::: a                      | '--3'
            -j NaN% echo ::: a                     | -j: 'NaN%'
            -j Infinity% echo ::: a                | -j: 'Infinity%'
            -j 1e308% echo ::: a                   | -j: '1e308%'
            --timeout abc echo ::: a               | --timeout: 'abc'
            --timeout -3 echo ::: a                | '-3'
            --halt sometimes echo ::: a            | --halt: 'sometimes'
            --halt now,fail=0 echo ::: a           | 'now,fail=0'
            --termseq TERM,abc echo ::: a          | --termseq
            --retries 0 echo ::: a                 | --retries: '0'
            --delay soon echo ::: a                | --delay: 'soon'
            -n -1 echo ::: a                       | -n: '-1'
            -s 0 echo ::: a                        | -s: '0' must be at least 1
            -s lots echo ::: a                     | -s: 'lots' is not a number of characters
            -s 6 echo ::: a                        | Command line too long (6 >= 6) at input 1: a
            --shard cat                            | --shard is a GNU parallel option that spool does not support
            --pipe echo ::: a                      | ::: is not supported with it
            --rsync-opts=-a -S host echo ::: a     | --rsync-opts is a GNU parallel option that spool does not support
            echo {=s/(/=} ::: a                    | cannot use the Perl expression {=s/(/=}: Substitution
            echo :::: no-such-file                 | no-such-file
            --resume echo ::: a                    | --joblog
            """)
    void run_badInput_exit255WithOneClearLine(String commandLine, String expected) throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, commandLine.trim().split(" +"));

        assertThat(result.exit()).as(result.toString()).isEqualTo(255);
        assertThat(result.err()).as(result.toString()).startsWith("spool: ").contains(expected.trim())
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(result.out()).isEmpty();
    }

    @RepeatedTest(5) // a race: the pool could end before the runner had read the second job's failure
    void perlExpressionDies_inTwoRunningJobs_exit255_oneLine_noStackTrace() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "-j2", "echo", "{= $_ = $_->x =}", ":::", "1", "2", "3", "4");

        assertThat(result.exit()).as(result.toString()).isEqualTo(255);
        assertThat(result.err().lines()).as(result.toString()).hasSize(1).first(STRING)
                .startsWith("spool: the Perl expression {= $_ = $_->x =} failed: Can't locate object method");
        assertThat(result.out()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"2147483647", "+2147483647", "99999999999999999999", "9999999999999999999999%"})
    void dryRun_hugeJobCount_printsTheJobs(String jobs) throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "--dry-run", "-j", jobs, "echo", "{%}", ":::", "a", "b");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("echo 1\necho 2\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"--dry-run,/dev/zero", "--dry-run,/dev/full", "-j1,/dev/zero"})
    void endlessRecord_exit255NamingTheFileAndTheLimit(String mode, String file) throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, mode, "-a", file, "echo", "{}");

        assertThat(result.exit()).as(result.toString()).isEqualTo(255);
        assertThat(result.err()).as(result.toString())
                .isEqualTo("spool: input file '" + file + "': a record is longer than spool's limit of 64 MiB\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void resume_joblogInTheWrongFormat_namesFileAndLine() throws Exception {
        Files.writeString(dir.resolve("log"), "this is not a joblog\n");

        SpoolCli.Result result = SpoolCli.spool(null, dir, "--resume", "--joblog", "log", "echo", ":::", "a");

        assertThat(result.exit()).isEqualTo(255);
        assertThat(result.err()).contains("log line 1").contains("joblog format");
    }

    @Test
    void missingCommand_isAFailedJobWithStatus127_notACrash() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "--joblog", "log", "no-such-command-xyz", ":::", "a");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("no-such-command-xyz");
        assertThat(Files.readAllLines(dir.resolve("log")).get(1).split("\t")[6]).isEqualTo("127");
    }

    @Test
    void help_listsTheOptions() throws Exception {
        SpoolCli.Result result = SpoolCli.spool("--help");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("--jobs").contains("--joblog").contains("--halt").contains("example");
    }
}
