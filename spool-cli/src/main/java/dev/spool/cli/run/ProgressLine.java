package dev.spool.cli.run;

import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code --progress}, {@code --bar}, {@code --eta}: one line on stderr, redrawn at most every 200 ms,
 * showing jobs done, failed, running and the rate. Used only by the runner's caller thread.
 */
final class ProgressLine {

    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream err;
    private final long start = System.nanoTime();
    private long lastDraw;

    ProgressLine(PrintStream err) {
        this.err = err;
    }

    void update(long done, long failed, int running) {
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        err.print("\r" + text(done, failed, running, now) + "\u001b[K");
        err.flush();
    }

    void finish(long done, long failed) {
        err.print("\r" + text(done, failed, 0, System.nanoTime()) + "\u001b[K\n");
        err.flush();
    }

    private String text(long done, long failed, int running, long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        return String.format(Locale.ROOT, "spool: %d done (%d failed), %d running, %.1f jobs/s, %.1fs",
                done, failed, running, done / seconds, seconds);
    }
}
