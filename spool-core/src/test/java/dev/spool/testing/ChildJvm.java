package dev.spool.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real child JVM running a main class from the test class path, for tests of exits, signals and
 * orphans. Its stdout is read line by line on a background thread; stderr is collected for messages.
 * Closing it kills the child if it still runs.
 */
public final class ChildJvm implements AutoCloseable {

    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final StringBuffer stderr = new StringBuffer();

    private ChildJvm(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("child-stdout-" + process.pid()).start(() -> pump(true));
        Thread.ofPlatform().daemon().name("child-stderr-" + process.pid()).start(() -> pump(false));
    }

    /** Starts {@code java -cp <test class path> mainClass args...}. */
    public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + "/bin/java", "-ea",
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).start());
    }

    /**
     * Starts the child as {@link #start} does, but with SIGINT inherited as ignored, as a background job of
     * a non-interactive shell starts ({@code sh -c 'trap "" INT; exec java ...'}: exec keeps the pid).
     */
    public static ChildJvm startWithSigintIgnored(Class<?> mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "trap '' INT; exec \"$@\"", "sh",
                System.getProperty("java.home") + "/bin/java", "-ea",
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).start());
    }

    public long pid() {
        return process.pid();
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Waits for the next stdout line matching {@code regex} (skipping others) within {@link TestTimeouts#LONG}. */
    public String expectLine(String regex) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + TestTimeouts.LONG.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(EOF)) {
                throw new AssertionError("no line matching /" + regex + "/ from child " + pid()
                        + (line == null ? " within " + TestTimeouts.LONG : " before its stdout ended")
                        + "; stdout so far: " + seen + "; stderr: " + stderr);
            }
            seen.add(line);
            if (pattern.matcher(line).matches()) {
                return line;
            }
        }
    }

    /** Every stdout line from now until the child's stdout ends (within {@link TestTimeouts#LONG}). */
    public List<String> remainingLines() throws InterruptedException {
        List<String> rest = new ArrayList<>();
        long deadline = System.nanoTime() + TestTimeouts.LONG.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("child " + pid() + " stdout still open after " + TestTimeouts.LONG
                        + "; got " + rest + "\n" + ThreadDumps.all());
            }
            if (line.equals(EOF)) {
                return rest;
            }
            seen.add(line);
            rest.add(line);
        }
    }

    /** Sends a signal by name ({@code INT}, {@code TERM}, {@code HUP}, {@code KILL}) with kill(1). */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
        if (!kill.waitFor(TestTimeouts.SHORT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + pid() + " failed");
        }
    }

    /** The exit code, waiting at most {@code timeout}; fails if the child still runs. */
    public int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new AssertionError("child " + pid() + " still running after " + timeout + "; stdout: " + seen
                    + "; stderr: " + stderr);
        }
        return process.exitValue();
    }

    /** Whether the child still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** What the child wrote to stderr so far. */
    public String stderr() {
        return stderr.toString();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void pump(boolean out) {
        var stream = out ? process.getInputStream() : process.getErrorStream();
        try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (out) {
                    lines.add(line);
                } else {
                    stderr.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            stderr.append("[reading the child's output failed: ").append(e).append("]\n");
        } finally {
            if (out) {
                lines.add(EOF);
            }
        }
    }
}
