package dev.spool.pipeline;

import dev.spool.pool.TaskContext;

/**
 * A stage's task that emits any number of items per input: none (a filter), one (a map) or many (fan-out).
 * Runs on thread workers ({@link dev.spool.pool.WorkerKind#PLATFORM PLATFORM} or {@link
 * dev.spool.pool.WorkerKind#VIRTUAL VIRTUAL}); a {@code PROCESS} stage takes a named {@link
 * dev.spool.pool.Task} instead, whose one result is emitted.
 *
 * <pre>{@code
 * EmittingTask<Page, String> links = (page, out, context) -> {
 *     for (String link : page.links()) {
 *         out.emit(link);
 *     }
 * };
 * }</pre>
 *
 * @param <I> the type of the stage's input items
 * @param <O> the type of the items it emits
 */
@FunctionalInterface
public interface EmittingTask<I, O> {

    /**
     * Handles one item. A throw ends the item as {@link dev.spool.outcome.Outcome.Failed Failed} at this
     * stage (or leads to a retry, by the stage's {@link dev.spool.pool.RetryPolicy}); what it emitted
     * before stays emitted.
     *
     * @param item the input item
     * @param out where to send what it produces
     * @param context the attempt's sequence number in the stage, attempt, worker and stop token; it has no
     *     pool to submit to: emit instead, so that the pipeline counts the work
     */
    void run(I item, Emitter<O> out, TaskContext context) throws Exception;
}
