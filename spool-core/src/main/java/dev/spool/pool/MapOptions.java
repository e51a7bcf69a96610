package dev.spool.pool;

/**
 * How {@link Pool#map} feeds a pool and hands back outcomes. Immutable; start from {@link #ordered()} or
 * {@link #completionOrder()}.
 *
 * @param inInputOrder outcomes in the order of the inputs (true) or as tasks complete (false)
 * @param window the most inputs submitted and not yet handed back, or 0 for the default of {@code
 *     max(256, 4 x workers) x chunkSize}; bounds memory for any number of inputs
 * @param chunkSize inputs sent to a worker together (each still gets its own outcome); 1 for none
 */
public record MapOptions(boolean inInputOrder, int window, int chunkSize) {

    public MapOptions {
        if (window < 0) {
            throw new IllegalArgumentException("window must be positive (or 0 for the default), was " + window);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
        }
    }

    /** Outcomes in input order, default window, no chunking. */
    public static MapOptions ordered() {
        return new MapOptions(true, 0, 1);
    }

    /** Outcomes as tasks complete, default window, no chunking. */
    public static MapOptions completionOrder() {
        return new MapOptions(false, 0, 1);
    }

    /** These options with at most {@code window} inputs in flight. */
    public MapOptions window(int window) {
        if (window <= 0) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        return new MapOptions(inInputOrder, window, chunkSize);
    }

    /** These options with inputs sent to workers in chunks of {@code chunkSize}. */
    public MapOptions chunkSize(int chunkSize) {
        return new MapOptions(inInputOrder, window, chunkSize);
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
