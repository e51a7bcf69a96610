package dev.spool.pipeline;

import dev.spool.outcome.Outcome;
import java.util.Objects;

/**
 * How one item's journey through a pipeline ended, and which input it belongs to: a value emitted by an
 * output stage ({@link Outcome.Succeeded}), or an item that failed, timed out, was cancelled or never ran
 * at some stage. Items a stage filtered out (it emitted nothing) and items that went on as the inputs of
 * others end without an outcome of their own; {@link Pipeline#stages()} counts them.
 *
 * <pre>{@code
 * pipeline.outcomes().forEach(o -> {
 *     if (!o.outcome().isSuccess()) {
 *         System.err.println("source item " + o.index() + " " + o.outcome().kind() + " at " + o.stage()
 *                 + " on " + o.input());
 *     }
 * });
 * }</pre>
 *
 * @param outcome the outcome; its {@link Outcome.TaskInfo} is that of the task at {@code stage} (for a
 *     value emitted by a thread stage: the emitting attempt, ended when it emitted)
 * @param stage the name of the stage where the item ended
 * @param source the number of the source the item descends from, from 0 in the order sources were added
 * @param index the position in that source of the item it descends from, from 0
 * @param input the item {@code stage} was given: the input of the task that failed or emitted the value
 * @param <R> the type of the pipeline's output values
 */
public record PipelineOutcome<R>(Outcome<R> outcome, String stage, int source, long index, Object input) {

    public PipelineOutcome {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(stage, "stage");
    }

    /** Whether the item ended with a value at an output stage. */
    public boolean isSuccess() {
        return outcome.isSuccess();
    }
}
