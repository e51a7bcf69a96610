package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.cli.job.ShellWords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs each line of {@code gnu-parallel-run-cases.txt} through the real GNU parallel and through spool,
 * and compares what they print, their exit status and their joblogs. Skipped when {@code parallel} is not
 * installed, unless {@code CI} is set (then it fails: .ci/run installs it).
 */
class GnuParallelRunDifferentialTest {

    private static final String CASES = "gnu-parallel-run-cases.txt";

    @TempDir
    Path dir;

    @BeforeAll
    static void requireGnuParallel() {
        SpoolCli.requireGnuParallel();
    }

    static Stream<Arguments> cases() throws IOException {
        return SpoolCli.caseLines(GnuParallelRunDifferentialTest.class, CASES);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void run_sameInvocation_sameOutputStatusAndJoblog(String line) throws Exception {
        boolean compareStderr = !line.startsWith("!stderr ");
        List<String> words = new ArrayList<>(ShellWords.split(compareStderr ? line : line.substring(8)));
        byte[] stdin = new byte[0];
        if (words.getFirst().startsWith("stdin=")) {
            String value = ShellWords.split(words.removeFirst().substring("stdin=".length()) + " ").getFirst();
            stdin = value.getBytes(StandardCharsets.ISO_8859_1);
        }

        SpoolCli.Result gnu = runIn("gnu", words, stdin, true);
        SpoolCli.Result spool = runIn("spool", words, stdin, false);

        assertThat(spool.out()).as("stdout of: %s\nGNU parallel: %s\nspool: %s", line, gnu, spool)
                .isEqualTo(gnu.out());
        assertThat(spool.exit()).as("exit status of: %s\nGNU parallel: %s\nspool: %s", line, gnu, spool)
                .isEqualTo(gnu.exit());
        if (compareStderr) {
            // messages are the same but for the name: GNU's "parallel: ..." is spool's "spool: ..."
            String expected = gnu.err().replaceAll("(?m)^parallel: ", "spool: ");
            assertThat(spool.err()).as("stderr of: %s", line).isEqualTo(expected);
        }
        assertThat(joblog("spool")).as("joblog of: %s", line).isEqualTo(joblog("gnu"));
        assertThat(dir.resolve("spool/pwned")).as("an input value ran as code").doesNotExist();
    }

    /**
     * --retry-failed reruns the joblog's Command column through the shell, in GNU parallel and in spool. So
     * each tool must rerun the other's joblog as the same jobs, and a value that is code in spool's joblog
     * must stay data when GNU parallel reruns it.
     */
    @Test
    void retryFailed_eachRerunsTheOthersJoblog_sameJobs_noValueRunsAsCode() throws Exception {
        List<String> words = new ArrayList<>(List.of("-k", "-j1", "echo '{}' \"{}\" {} >> ran; false", ":::",
                "$(touch pwned)", "`touch pwned`", "a'b", "a\"b", "x y", "", "HOME", "a.b/c-d_e+f"));
        SpoolCli.Result spool = runIn("spool", words, new byte[0], false);
        assertThat(spool.exit()).as(spool.toString()).isEqualTo(8);
        List<String> ran = Files.readAllLines(dir.resolve("spool/ran"), StandardCharsets.ISO_8859_1);
        Files.createDirectories(dir.resolve("gnu-retries"));
        Files.copy(dir.resolve("spool/joblog"), dir.resolve("gnu-retries/joblog"));

        SpoolCli.Result gnuRetry = runIn("gnu-retries", List.of("-k", "-j1", "--retry-failed"), new byte[0], true);

        assertThat(gnuRetry.exit()).as(gnuRetry.toString()).isEqualTo(8);
        assertThat(dir.resolve("gnu-retries/pwned")).as("GNU parallel ran a value of spool's joblog").doesNotExist();
        assertThat(Files.readAllLines(dir.resolve("gnu-retries/ran"), StandardCharsets.ISO_8859_1))
                .containsExactlyElementsOf(ran);

        // GNU parallel's own joblog, of values it quotes safely, rerun by spool
        List<String> safe = new ArrayList<>(List.of("-k", "-j1", "echo {} \"{}\" >> ran; false", ":::", "a",
                "x y", "it's", "HOME"));
        runIn("gnu", safe, new byte[0], true);
        Files.createDirectories(dir.resolve("spool-retries"));
        Files.copy(dir.resolve("gnu/joblog"), dir.resolve("spool-retries/joblog"));

        SpoolCli.Result spoolRetry = runIn("spool-retries", List.of("-k", "-j1", "--retry-failed"), new byte[0], false);

        assertThat(spoolRetry.exit()).as(spoolRetry.toString()).isEqualTo(4);
        assertThat(Files.readAllLines(dir.resolve("spool-retries/ran"), StandardCharsets.ISO_8859_1))
                .containsExactlyElementsOf(Files.readAllLines(dir.resolve("gnu/ran"), StandardCharsets.ISO_8859_1));
    }

    private SpoolCli.Result runIn(String name, List<String> words, byte[] stdin, boolean gnu) throws Exception {
        Path work = Files.createDirectories(dir.resolve(name));
        Files.writeString(work.resolve("nums"), "1\n2\n3\n");
        Files.writeString(work.resolve("cols"), "a,b\n1,2\n");
        Files.writeString(work.resolve("many"),
                IntStream.rangeClosed(1, 105).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n")));
        Files.write(work.resolve("nul"), "a\0b\0".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(work.resolve("tmpl"), "value={}\nseq={#} first={1} no-ext={.}\n  kept  as is: $HOME 'q' {= $_ = uc =}\n");
        List<String> args = new ArrayList<>(List.of("--joblog", "joblog"));
        args.addAll(words);
        if (gnu) {
            // Pass the arguments' bytes through a NUL-separated file so that bash rebuilds argv exactly.
            Path argFile = work.resolve(".args");
            Files.write(argFile, String.join("\0", args).concat("\0").getBytes(StandardCharsets.ISO_8859_1));
            List<String> command = List.of("bash", "-c", "mapfile -d '' -t a < .args; rm .args; exec parallel \"${a[@]}\"");
            return SpoolCli.run(command, stdin, work, Map.of("PARALLEL_SHELL", "/bin/sh",
                    "PARALLEL_HOME", dir.resolve("parallel-home").toString()));
        }
        return SpoolCli.run(SpoolCli.spoolCommand(args.toArray(String[]::new)), stdin, work, Map.of());
    }

    /** The joblog without its time columns, lines sorted by Seq. */
    private List<String> joblog(String name) throws IOException {
        Path log = dir.resolve(name).resolve("joblog");
        if (!Files.exists(log)) {
            return List.of("(no joblog)");
        }
        return Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                .map(l -> l.split("\t", 9))
                .map(f -> f.length < 9 ? String.join("\t", f)
                        : String.join("\t", f[0], f[1], f[4], f[5], f[6], f[7], f[8]))
                .sorted(Comparator.comparing((String l) -> l.startsWith("Seq") ? -1L : seq(l)))
                .toList();
    }

    private static long seq(String line) {
        try {
            return Long.parseLong(line.substring(0, line.indexOf('\t')));
        } catch (RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }

}
