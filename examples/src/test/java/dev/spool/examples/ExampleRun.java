package dev.spool.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.TestTimeouts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One run of an example's {@code main} in a child JVM with the test's classpath: the JVM must exit by
 * itself (a non-daemon pool left running would keep it alive) within {@link TestTimeouts#LONG}.
 *
 * @param exitCode the child's exit status
 * @param stdout what it printed, line by line
 * @param stderr everything it wrote to stderr
 */
record ExampleRun(int exitCode, List<String> stdout, String stderr) {

    /** Runs {@code mainClass} and waits for it to exit; fails with its output if it overruns the deadline. */
    static ExampleRun of(Class<?> mainClass) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("spool-example-");
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        try {
            // Files, not pipes: the child can never block on a full pipe, and no reader threads are needed.
            Process process = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-ea", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), mainClass.getName())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(TestTimeouts.LONG.toNanos(), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(mainClass.getSimpleName() + " did not exit within " + TestTimeouts.LONG
                        + "\nstdout:\n" + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
            }
            return new ExampleRun(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Asserts a clean run: exit 0, nothing on stderr, and stdout line by line as {@code expected}, where a
     * {@link String} must equal its line and a {@link Pattern} must match all of it.
     */
    void assertPrinted(Object... expected) {
        assertThat(exitCode).as(transcript()).isZero();
        assertThat(stderr).as(transcript()).isEmpty();
        assertThat(stdout).as(transcript()).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            String line = stdout.get(i);
            switch (expected[i]) {
                case String exact -> assertThat(line).as("line %d of\n%s", i + 1, transcript()).isEqualTo(exact);
                case Pattern pattern -> assertThat(line).as("line %d of\n%s", i + 1, transcript()).matches(pattern);
                default -> throw new IllegalArgumentException("expected a String or a Pattern, was " + expected[i]);
            }
        }
    }

    /** Everything the child printed, for assertion messages. */
    String transcript() {
        return "exit " + exitCode + "\nstdout:\n" + String.join("\n", stdout) + "\nstderr:\n" + stderr;
    }
}
