package dev.spool.cli;

import java.io.IOException;

/**
 * Recognises the error of writing to a pipe whose reader has gone ({@code spool ... | head -1}): EPIPE,
 * which the JVM reports as an {@link IOException} "Broken pipe" since it ignores SIGPIPE. GNU parallel dies
 * of SIGPIPE there, silently (exit 141); the command ends the same way, after stopping its jobs.
 */
public final class StdoutClosed {

    private StdoutClosed() {}

    /** Whether {@code e}, or what caused it, is a write to a pipe that nobody reads any more. */
    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException && "Broken pipe".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
