package dev.spool.pipeline;

/**
 * Where a stage's task sends what it produces: each {@link #emit} sends one item on along the stage's
 * edges (to every target, or to the one its router picks) and, if the stage is an output, to the
 * pipeline's outcomes. Emitting zero items filters the input out; emitting many fans out.
 *
 * <pre>{@code
 * EmittingTask<String, String> words = (line, out, context) -> {
 *     for (String word : line.split(" ")) {
 *         out.emit(word);
 *     }
 * };
 * }</pre>
 *
 * <p>Valid only during the task's run, on the task's thread. An item is sent on at once, not when the task
 * returns: a task that fails after emitting leaves what it emitted in the pipeline, and a retried attempt
 * emits again.
 *
 * @param <O> the type of the items emitted
 */
@FunctionalInterface
public interface Emitter<O> {

    /**
     * Sends {@code item} on. Waits while a target stage's input buffer is full (backpressure), except along
     * a {@linkplain PipelineBuilder#feedback feedback edge}, which never waits.
     *
     * @throws NullPointerException if {@code item} is null
     * @throws InterruptedException if interrupted while waiting for room (an immediate stop); the item
     *     ends {@code NotRun} at the stage it was sent to
     */
    void emit(O item) throws InterruptedException;
}
