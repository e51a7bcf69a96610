package dev.spool.cli;

import dev.spool.testing.TestTimeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real command in a child JVM (or another program, such as GNU parallel, the same way) and
 * captures stdout and stderr as bytes and the exit code, within {@link TestTimeouts#LONG}.
 */
public final class SpoolCli {

    /** What a run printed and returned. */
    public record Result(int exit, byte[] stdout, byte[] stderr) {
        public String out() {
            return new String(stdout, StandardCharsets.ISO_8859_1);
        }

        public String err() {
            return new String(stderr, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out() + "--- stderr\n" + err();
        }
    }

    private SpoolCli() {}

    /** The command line that starts spool in a child JVM. */
    public static List<String> spoolCommand(String... args) {
        return spoolCommand(List.of(), args);
    }

    /** The command line that starts spool in a child JVM with extra JVM options (such as {@code -Xmx32m}). */
    public static List<String> spoolCommand(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java",
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs spool with {@code args}, {@code stdin} fed in (null: empty), in {@code dir} (null: here). */
    public static Result spool(byte[] stdin, Path dir, String... args) throws IOException, InterruptedException {
        return run(spoolCommand(args), stdin, dir, Map.of());
    }

    /** Runs spool with no stdin in the current directory. */
    public static Result spool(String... args) throws IOException, InterruptedException {
        return spool(null, null, args);
    }

    /**
     * Aborts the calling test (skipped) when GNU parallel, the oracle of the differential tests, is not on
     * PATH; fails it instead when {@code CI} is set, since .ci/run installs it there and a skip would hide
     * the tests.
     */
    /**
     * The cases of a differential test: the non-blank lines of resource {@code name} (beside {@code owner})
     * that are not {@code #} comments, one argument each.
     */
    public static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> caseLines(Class<?> owner,
            String name) throws java.io.IOException {
        try (var in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new java.io.FileNotFoundException("no test resource " + name + " beside " + owner.getName());
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> org.junit.jupiter.params.provider.Arguments.of(line)).toList().stream();
        }
    }

    public static void requireGnuParallel() {
        boolean installed = java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> !d.isEmpty() && java.nio.file.Files.isExecutable(Path.of(d, "parallel")));
        if (!installed) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("GNU parallel is not on PATH, and CI is set: .ci/run installs it");
            }
            org.junit.jupiter.api.Assumptions.abort("GNU parallel is not on PATH: its comparisons are skipped");
        }
    }

    /** An empty $PARALLEL_HOME shared by every command the tests run: no user's config reaches them. */
    private static final Path EMPTY_PARALLEL_HOME = emptyParallelHome();

    private static Path emptyParallelHome() {
        try {
            return java.nio.file.Files.createTempDirectory("spool-test-parallel-home");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Keeps the user's GNU parallel configuration ($PARALLEL, ~/.parallel/config, profiles) away from both
     * tools, as spool reads it as GNU parallel does; a test that wants some passes it in its env.
     */
    private static void isolate(Map<String, String> environment) {
        environment.remove("PARALLEL");
        environment.put("PARALLEL_HOME", EMPTY_PARALLEL_HOME.toString());
    }

    /** Runs any command the same way. */
    public static Result run(List<String> command, byte[] stdin, Path dir, Map<String, String> env)
            throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        isolate(builder.environment());
        builder.environment().putAll(env);
        Process process = builder.start();
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        } catch (IOException ignored) {
            // the program did not read all its input
        }
        if (!process.waitFor(TestTimeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("still running after " + TestTimeouts.LONG + ": " + command);
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    /**
     * Runs any command with no stdin, its stdout written to {@code stdout} (for output too large to hold),
     * within {@link TestTimeouts#LONG}; the result's stdout is empty.
     */
    public static Result runToFile(List<String> command, Path dir, Map<String, String> env, Path stdout)
            throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        isolate(builder.environment());
        builder.environment().putAll(env);
        Process process = builder.start();
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        if (!process.waitFor(TestTimeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("still running after " + TestTimeouts.LONG + ": " + command);
        }
        return new Result(process.exitValue(), new byte[0], err.join());
    }

    /** A command started in the background: its process, and its output as it will be when it ends. */
    public record Started(Process process, CompletableFuture<byte[]> stdout, CompletableFuture<byte[]> stderr) {
        /** Waits for the command to end, within {@link TestTimeouts#LONG}, and returns what it did. */
        public Result finish() throws InterruptedException {
            if (!process.waitFor(TestTimeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("still running after " + TestTimeouts.LONG + ": " + process.info());
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        }
    }

    /** Starts any command in the background, isolated as {@link #run} does, with no stdin. */
    public static Started start(List<String> command, Map<String, String> env) throws IOException {
        var builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        isolate(builder.environment());
        builder.environment().putAll(env);
        Process process = builder.start();
        return new Started(process, drain(process.getInputStream()), drain(process.getErrorStream()));
    }

    /** Reads {@code stream} to its end on a thread of its own; the future completes with every byte. */
    static CompletableFuture<byte[]> drain(InputStream stream) {
        var result = new CompletableFuture<byte[]>();
        Thread.ofPlatform().daemon().start(() -> {
            try (stream) {
                result.complete(stream.readAllBytes());
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** The words as one line for bash, each single-quoted. */
    public static String shellWords(List<String> words) {
        List<String> quoted = new ArrayList<>();
        for (String word : words) {
            quoted.add("'" + word.replace("'", "'\\''") + "'");
        }
        return String.join(" ", quoted);
    }
}
