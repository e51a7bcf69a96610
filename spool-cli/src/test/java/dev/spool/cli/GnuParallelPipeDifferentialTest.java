package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.cli.job.ShellWords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs each line of {@code gnu-parallel-pipe-cases.txt} ({@code --pipe}, {@code --pipepart} and their
 * options) through the real GNU parallel and through spool, and compares stdout, exit status and stderr.
 * Skipped when {@code parallel} is not installed, unless {@code CI} is set.
 */
class GnuParallelPipeDifferentialTest {

    private static final String CASES = "gnu-parallel-pipe-cases.txt";

    @TempDir
    Path dir;

    @BeforeAll
    static void requireGnuParallel() {
        SpoolCli.requireGnuParallel();
    }

    static Stream<Arguments> cases() throws IOException {
        return SpoolCli.caseLines(GnuParallelPipeDifferentialTest.class, CASES);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void pipe_sameInvocation_sameOutputStatusAndMessages(String line) throws Exception {
        List<String> words = new ArrayList<>(ShellWords.split(line));
        String stdinFixture = words.getFirst().startsWith("<") ? words.removeFirst().substring(1) : null;

        SpoolCli.Result gnu = runIn("gnu", words, stdinFixture, true);
        SpoolCli.Result spool = runIn("spool", words, stdinFixture, false);

        assertThat(spool.out()).as("stdout of: %s\nGNU parallel: %s\nspool: %s", line, gnu, spool)
                .isEqualTo(gnu.out());
        assertThat(spool.exit()).as("exit status of: %s\nGNU parallel: %s\nspool: %s", line, gnu, spool)
                .isEqualTo(gnu.exit());
        assertThat(spool.err()).as("stderr of: %s", line).isEqualTo(gnu.err().replaceAll("(?m)^parallel: ", "spool: "));
        try (Stream<Path> left = Files.list(dir.resolve("spool"))) {
            assertThat(left.map(p -> p.getFileName().toString())).as("files left by: %s", line)
                    .doesNotContain("spool-pipe-");
        }
    }

    /** Writes the fixtures into a fresh directory {@code name} and runs the tool there. */
    SpoolCli.Result runIn(String name, List<String> words, String stdinFixture, boolean gnu) throws Exception {
        Path work = Fixtures.write(Files.createDirectories(dir.resolve(name)));
        byte[] stdin = stdinFixture == null ? new byte[0] : Files.readAllBytes(work.resolve(stdinFixture));
        List<String> args = new ArrayList<>(List.of("--tmpdir", work.toString()));
        args.addAll(words);
        if (gnu) {
            Path argFile = work.resolve(".args");
            Files.write(argFile, String.join("\0", args).concat("\0").getBytes(StandardCharsets.ISO_8859_1));
            List<String> command = List.of("bash", "-c", "mapfile -d '' -t a < .args; rm .args; exec parallel \"${a[@]}\"");
            return SpoolCli.run(command, stdin, work, Map.of("PARALLEL_SHELL", "/bin/sh"));
        }
        return SpoolCli.run(SpoolCli.spoolCommand(args.toArray(String[]::new)), stdin, work, Map.of());
    }

    /** The fixtures named in the cases file. */
    static final class Fixtures {
        private Fixtures() {}

        static Path write(Path work) throws IOException {
            Files.writeString(work.resolve("five"), "aaaa\nbbbb\ncccc\ndddd\neeee\n");
            Files.writeString(work.resolve("ten"), lines(10));
            Files.writeString(work.resolve("thousand"), lines(1000));
            Files.writeString(work.resolve("noeol"), "a\nb");
            Files.writeString(work.resolve("noeol3"), "1\n2\n3");
            Files.writeString(work.resolve("empty"), "");
            Files.writeString(work.resolve("head"), "h1\na\nb\nc\n");
            Files.writeString(work.resolve("fasta"), ">a\nx\n>b\ny\n>c\nz\n");
            Files.writeString(work.resolve("bars"), "a|>b|>c|");
            Files.writeString(work.resolve("long"), "a".repeat(20) + "\nb\nc\n");
            Files.writeString(work.resolve("table"), "UserID,Consumption\n123,1\n123,2\n12-3,1\n221,3\n221,1\n2/21,5\n");
            Files.writeString(work.resolve("tabs"), "k\tv\na\t1\na\t2\nb\t3\na\t4\n");
            return work;
        }

        static String lines(int n) {
            return IntStream.rangeClosed(1, n).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n"));
        }
    }
}
