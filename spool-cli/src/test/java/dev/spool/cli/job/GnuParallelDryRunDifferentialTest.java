package dev.spool.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.cli.SpoolCli;
import dev.spool.testing.TestTimeouts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs each line of {@code gnu-parallel-dry-run-cases.txt} through the real GNU parallel
 * ({@code parallel --dry-run -j1 -k LINE}) and through this package, and compares the printed command lines
 * byte for byte. A case may end with {@code #spool: LINE}: where GNU parallel's line would run a value
 * as code spool prints LINE instead (one job), and GNU parallel must still print something else. Skipped
 * when {@code parallel} is not installed, unless {@code CI} is set (then it fails).
 */
class GnuParallelDryRunDifferentialTest {

    private static final String CASES = "gnu-parallel-dry-run-cases.txt";
    /** Ends a case whose spool line differs from GNU parallel's on purpose; spool's line follows it. */
    private static final String SPOOL_DIFFERS = " #spool: ";

    @TempDir
    static Path fixtures;

    @BeforeAll
    static void requireGnuParallel() throws IOException {
        SpoolCli.requireGnuParallel();
        Files.writeString(fixtures.resolve("nums"), "1\n2\n3\n", StandardCharsets.ISO_8859_1);
        Files.writeString(fixtures.resolve("xy"), "x\ny\n", StandardCharsets.ISO_8859_1);
        Files.writeString(fixtures.resolve("nul"), "a b\0c\nd\0\0e", StandardCharsets.ISO_8859_1);
        Files.writeString(fixtures.resolve("cols"), "a,b c\n1,2,3\n,\n\nz\n", StandardCharsets.ISO_8859_1);
    }

    static Stream<Arguments> cases() throws IOException {
        return SpoolCli.caseLines(GnuParallelDryRunDifferentialTest.class, CASES);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void dryRun_sameInvocation_printsTheSameLinesAsGnuParallel(String line) throws Exception {
        int marker = line.indexOf(SPOOL_DIFFERS);
        String spoolsOwn = marker < 0 ? null : line.substring(marker + SPOOL_DIFFERS.length());
        if (marker >= 0) {
            line = line.substring(0, marker);
        }
        List<String> words = ShellWords.split(line.replace("%D%", fixtures.toString()));
        String stdin = "";
        if (words.getFirst().startsWith("stdin=")) {
            stdin = ShellWords.split(words.removeFirst().substring("stdin=".length()) + " ").stream()
                    .findFirst().orElse("");
        }
        String expected = runGnuParallel(words, stdin);
        if (spoolsOwn != null) {
            // a difference on purpose: GNU parallel's line would let a value out of its quotes
            assertThat(expected).as("GNU parallel's line for: %s", line).isNotEqualTo(spoolsOwn + "\n");
            expected = spoolsOwn + "\n";
        }
        assertThat(spoolDryRun(words, stdin)).as("spool vs parallel for: %s", line).isEqualTo(expected);
    }

    private static String spoolDryRun(List<String> args, String stdin) {
        try (PerlCoprocess perl = new PerlCoprocess(1)) {
            GnuParallelInvocation inv = GnuParallelInvocation.parse(args, perl);
            StringBuilder out = new StringBuilder();
            List<JobArgs> jobs = new java.util.ArrayList<>();
            inv.inputs.open(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.ISO_8859_1)))
                    .forEachRemaining(jobs::add);
            perl.totalJobs(() -> jobs.size());
            for (JobArgs job : jobs) {
                out.append(inv.template.render(job, 1).display()).append('\n'); // skip() too, as GNU
            }
            return out.toString();
        }
    }

    /** {@code parallel --dry-run -j1 -k ARGS}, with ISO-8859-1 args passed as their bytes via a wrapper. */
    private static String runGnuParallel(List<String> args, String stdin) throws Exception {
        // ProcessBuilder encodes argv with the platform charset; pass each argument's bytes through a file
        // of NUL-terminated words and let bash rebuild the argv byte for byte.
        Path argFile = Files.createTempFile(fixtures, "args", ".bin");
        StringBuilder packed = new StringBuilder();
        for (String a : args) {
            packed.append(a).append('\0');
        }
        Files.write(argFile, packed.toString().getBytes(StandardCharsets.ISO_8859_1));
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                "mapfile -d '' -t a < \"$1\"; exec parallel --dry-run -j1 -k \"${a[@]}\"", "bash",
                argFile.toString());
        pb.environment().remove("PARALLEL");
        pb.environment().put("PARALLEL_SHELL", "/bin/sh");
        pb.environment().put("PARALLEL_HOME", fixtures.resolve("parallel-home").toString());
        Process p = pb.start();
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.ISO_8859_1));
        }
        if (!p.waitFor(TestTimeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("GNU parallel did not finish within " + TestTimeouts.LONG + ": " + args);
        }
        String err = new String(stderr.get(), StandardCharsets.ISO_8859_1);
        assertThat(p.exitValue()).as("GNU parallel's exit status; stderr: %s", err).isZero();
        return new String(stdout.get(), StandardCharsets.ISO_8859_1);
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
