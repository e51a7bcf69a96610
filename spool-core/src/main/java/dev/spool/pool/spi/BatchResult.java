package dev.spool.pool.spi;

/**
 * What became of one input of a {@linkplain Worker#executeBatch batch}.
 *
 * @param <R> the task's result type
 */
public sealed interface BatchResult<R> {

    /** The attempt returned {@code value}. */
    record Value<R>(R value) implements BatchResult<R> {}

    /** The attempt threw {@code error}. */
    record Error<R>(Throwable error) implements BatchResult<R> {
        public Error {
            java.util.Objects.requireNonNull(error, "error");
        }
    }

    /** The input was not started: the pool's stop was requested before the worker reached it. */
    record NotRun<R>() implements BatchResult<R> {}

    /**
     * The input provably never started: the worker broke (a child process died) before it reached it. The
     * pool takes the attempt back, uncounted, and runs the input on another worker.
     */
    record NotStarted<R>() implements BatchResult<R> {}
}
