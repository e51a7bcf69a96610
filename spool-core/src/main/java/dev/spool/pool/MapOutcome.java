package dev.spool.pool;

import dev.spool.outcome.Outcome;
import java.util.Objects;

/**
 * One input's outcome from {@link Pool#mapWithInputs}, with the input it belongs to: in completion order,
 * the way to tell which input failed.
 *
 * <pre>{@code
 * pool.mapWithInputs(Fetch::get, urls, MapOptions.completionOrder()).forEach(o -> {
 *     if (!o.outcome().isSuccess()) {
 *         System.err.println("input " + o.index() + " (" + o.input() + "): " + o.outcome());
 *     }
 * });
 * }</pre>
 *
 * @param index the input's position among the map's inputs, from 0
 * @param input the input
 * @param outcome its outcome
 * @param <I> the type of the inputs
 * @param <R> the type of the task's results
 */
public record MapOutcome<I, R>(long index, I input, Outcome<R> outcome) {

    public MapOutcome {
        Objects.requireNonNull(outcome, "outcome");
    }

    /** Whether the task succeeded. */
    public boolean isSuccess() {
        return outcome.isSuccess();
    }
}
