package dev.spool.pipeline;

import dev.spool.pool.PoolBuilder;
import dev.spool.pool.WorkerKind;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a stage runs: its kind and number of workers, the capacity of its input buffer, and any further
 * settings of the pool that runs it (retries, a task timeout, codecs and JVM options for {@code PROCESS}).
 * Immutable.
 *
 * <pre>{@code
 * StageOptions fetch = StageOptions.of(WorkerKind.VIRTUAL, 100).buffer(200)
 *         .pool(p -> p.retry(RetryPolicy.attempts(3)).taskTimeout(Duration.ofSeconds(10)));
 * }</pre>
 *
 * @param kind the kind of workers
 * @param workers how many
 * @param buffer the most items waiting in the stage's input buffer; a stage sending to a full buffer waits
 *     (backpressure), except along a feedback edge
 * @param poolSettings applied to the stage's {@link PoolBuilder} before the pipeline sets the pool's name,
 *     kind, workers, queue capacity and signal handling, which are the pipeline's
 */
public record StageOptions(WorkerKind kind, int workers, int buffer, Consumer<PoolBuilder> poolSettings) {

    /** The buffer of {@link #of}: room for a few items per worker, and at least 16. */
    static int defaultBuffer(int workers) {
        return (int) Math.min(1 << 20, Math.max(16L, 2L * workers));
    }

    public StageOptions {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(poolSettings, "poolSettings");
        if (workers <= 0) {
            throw new IllegalArgumentException("workers must be positive, was " + workers);
        }
        if (buffer <= 0) {
            throw new IllegalArgumentException("buffer must be positive, was " + buffer);
        }
    }

    /** {@code workers} workers of {@code kind}, a buffer of {@code max(16, 2 x workers)}. */
    public static StageOptions of(WorkerKind kind, int workers) {
        if (workers <= 0) {
            throw new IllegalArgumentException("workers must be positive, was " + workers);
        }
        return new StageOptions(kind, workers, defaultBuffer(workers), p -> {});
    }

    /** {@code workers} platform threads. */
    public static StageOptions platform(int workers) {
        return of(WorkerKind.PLATFORM, workers);
    }

    /** {@code workers} virtual threads. */
    public static StageOptions virtual(int workers) {
        return of(WorkerKind.VIRTUAL, workers);
    }

    /** {@code workers} child JVMs. */
    public static StageOptions process(int workers) {
        return of(WorkerKind.PROCESS, workers);
    }

    /** These options with an input buffer of {@code buffer} items, at least 1. */
    public StageOptions buffer(int buffer) {
        return new StageOptions(kind, workers, buffer, poolSettings);
    }

    /** These options with {@code settings} applied to the stage's pool builder, after any given before. */
    public StageOptions pool(Consumer<PoolBuilder> settings) {
        Objects.requireNonNull(settings, "settings");
        return new StageOptions(kind, workers, buffer, poolSettings.andThen(settings));
    }
}
