package dev.spool.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code --max-line-length-allowed}: the longest command line that runs, found as GNU parallel finds it, by
 * running {@code echo} with one ever longer argument of {@code c}s: lengths grow 16-fold from 324 until
 * one fails, then a binary search stops within 1% (so the answer is GNU parallel's own, not the exact limit).
 */
final class LineLengthProbe {

    /** GNU parallel's bound where the system sets none. */
    private static final long UPPER = 100_000_000L;
    /** What GNU parallel keeps of the environment for its probes. */
    private static final List<String> KEPT = List.of("PATH", "SSH_AUTH_SOCK", "SSH_AGENT_PID", "KRB5CCNAME",
            "LC_CTYPE", "HOME", "LOGNAME", "SSHPASS");

    private final String echo;

    private LineLengthProbe(String echo) {
        this.echo = echo;
    }

    /** The answer GNU parallel prints, probing with the {@code echo} found first on PATH. */
    static long longestCommandLine() {
        return new LineLengthProbe(echoOnPath()).findMax();
    }

    private long findMax() {
        long len = 324;
        do {
            if (len > UPPER) {
                return len;
            }
            len *= 16;
        } while (runs(len));
        return binaryFindMax(len / 16, len);
    }

    private long binaryFindMax(long lower, long upper) {
        while (!(lower == upper || lower == upper - 1 || (double) lower / upper > 0.99)) {
            long middle = (upper - lower) / 2 + lower;
            if (runs(middle)) {
                lower = middle;
            } else {
                upper = middle;
            }
        }
        return lower;
    }

    /** Whether {@code echo ccc...} runs, the whole line {@code len} characters long. */
    private boolean runs(long len) {
        long arg = len - 1 - echo.length();
        if (arg > Integer.MAX_VALUE - 16) {
            return false;
        }
        ProcessBuilder builder = new ProcessBuilder(echo, "c".repeat((int) Math.max(0, arg)))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.keySet().retainAll(KEPT);
        try {
            return builder.start().waitFor() == 0;
        } catch (IOException e) {
            return false; // "Argument list too long": too long
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("--max-line-length-allowed: interrupted", e);
        }
    }

    private static String echoOnPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "echo");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new UsageException("--max-line-length-allowed: no echo program on PATH to measure with");
    }
}
