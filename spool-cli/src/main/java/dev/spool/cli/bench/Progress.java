package dev.spool.cli.bench;

import java.io.PrintWriter;

/**
 * The progress line on stderr: what runs now and how many runs are left. On a terminal the line is
 * rewritten in place; otherwise (a log, a test) each step is a line of its own. Used by one thread.
 */
public final class Progress {

    private final PrintWriter err;
    private final boolean inPlace;
    private final long startNanos = System.nanoTime();
    private int total; // written only by the benchmark's thread, like everything here
    private int done;

    public Progress(PrintWriter err, boolean inPlace) {
        this.err = err;
        this.inPlace = inPlace;
    }

    /** Adds {@code runs} to the runs planned. */
    public void plan(int runs) {
        total += runs;
    }

    /** Reports that the next run, described by {@code what}, starts. */
    public void step(String what) {
        done++;
        long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
        String line = String.format("spool bench: [%d/%d] %s (%d left, %ds elapsed)", done, total, what,
                total - done, seconds);
        if (inPlace) {
            err.print("\r\033[K" + line);
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Ends the progress line, so that what follows starts on a line of its own. */
    public void finish() {
        if (inPlace) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
