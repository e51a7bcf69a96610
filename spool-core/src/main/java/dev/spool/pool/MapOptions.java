package dev.spool.pool;

import java.time.Duration;

/**
 * How {@link Pool#map} feeds a pool and hands back outcomes. Immutable; start from {@link #ordered()} or
 * {@link #completionOrder()}.
 *
 * @param inInputOrder outcomes in the order of the inputs (true) or as tasks complete (false)
 * @param window the most inputs submitted and not yet handed back, or 0 for the default of {@code
 *     max(256, 4 x workers) x chunkSize}; bounds memory for any number of inputs
 * @param chunkSize inputs sent to a worker together (each still gets its own outcome); 1 for none
 * @param deadline how long the whole map may take, from the call to {@code map}, or null for no limit;
 *     see {@link #deadline(Duration)}
 */
public record MapOptions(boolean inInputOrder, int window, int chunkSize, Duration deadline) {

    public MapOptions {
        if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
            throw new IllegalArgumentException("deadline must be positive, was " + deadline);
        }
        if (window < 0) {
            throw new IllegalArgumentException("window must be positive (or 0 for the default), was " + window);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
        }
    }

    /** Outcomes in input order, default window, no chunking. */
    public static MapOptions ordered() {
        return new MapOptions(true, 0, 1, null);
    }

    /** Outcomes as tasks complete, default window, no chunking. */
    public static MapOptions completionOrder() {
        return new MapOptions(false, 0, 1, null);
    }

    /** These options with at most {@code window} inputs in flight. */
    public MapOptions window(int window) {
        if (window <= 0) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        return new MapOptions(inInputOrder, window, chunkSize, deadline);
    }

    /** These options with inputs sent to workers in chunks of {@code chunkSize}. */
    public MapOptions chunkSize(int chunkSize) {
        return new MapOptions(inInputOrder, window, chunkSize, deadline);
    }

    /**
     * These options with a deadline for the whole map, counted from the call to {@code map}. When it passes,
     * the map reads no more inputs and ends every task not yet handed back: a queued one as {@link
     * dev.spool.outcome.Outcome.NotRun NotRun}, a running one as {@link dev.spool.outcome.Outcome.Cancelled
     * Cancelled} (it is interrupted, or its child process terminated, as for {@link Pool#stopNow()}). The
     * stream hands back the outcome of every input read and then, if inputs may remain unread, throws {@link
     * DeadlineExceededException}. The deadline is kept by the thread reading the stream: it is acted on when
     * that thread waits for an outcome or reads an input, at once if it is waiting.
     *
     * @throws NullPointerException if {@code deadline} is null
     * @throws IllegalArgumentException if it is not positive
     */
    public MapOptions deadline(Duration deadline) {
        java.util.Objects.requireNonNull(deadline, "deadline");
        return new MapOptions(inInputOrder, window, chunkSize, deadline);
    }

    int effectiveWindow(int workers) {
        if (window > 0) {
            return Math.max(window, chunkSize);
        }
        // Wide enough that the reading thread is not woken for every few completions of tiny tasks
        // (a window of 8 ran tiny tasks 6x slower than one of 1000), small enough to bound memory.
        return (int) Math.min(Integer.MAX_VALUE, Math.max(256L, 4L * workers) * chunkSize);
    }
}
