package dev.spool.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads a child's stderr on a daemon thread: each line goes to {@code System.Logger} {@code
 * dev.spool.process} tagged with the child's pid, and the last lines are kept for error messages.
 */
final class ChildStderr {

    private static final System.Logger LOG = System.getLogger("dev.spool.process");
    private static final int KEPT_LINES = 12;

    private final long pid;
    // Guarded by this.
    private final ArrayDeque<String> last = new ArrayDeque<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    ChildStderr(long pid, InputStream stderr) {
        this.pid = pid;
        Thread.ofPlatform().daemon().name("spool-child-stderr-" + pid).start(() -> pump(stderr));
    }

    /** The last lines the child wrote, joined with " | ", after waiting at most {@code timeout} for its end. */
    String tail(Duration timeout) {
        try {
            ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            return String.join(" | ", last);
        }
    }

    private void pump(InputStream stderr) {
        try (var reader = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (this) {
                    if (last.size() == KEPT_LINES) {
                        last.removeFirst();
                    }
                    last.addLast(line);
                }
                LOG.log(System.Logger.Level.INFO, "[pid " + pid + "] " + line);
            }
        } catch (IOException e) {
            // the stream was closed under us: the child is gone
        } finally {
            ended.countDown();
        }
    }
}
