package dev.spool.pipeline;

import dev.spool.monitor.Stats;
import dev.spool.pool.WorkerKind;
import java.util.List;
import java.util.Optional;

/**
 * One stage of a running pipeline, at a moment: for monitoring and for checking where items ended.
 *
 * @param name the stage's name
 * @param kind its kind of workers
 * @param workers how many
 * @param buffer the capacity of its input buffer
 * @param queued items waiting in its input buffer now (past the capacity only along feedback edges)
 * @param busy items in its tasks now, running or handing what they emitted on (waiting for room)
 * @param entered items handed to it so far
 * @param succeeded items whose task succeeded
 * @param failed items that ended unsuccessfully here: failed, timed out, cancelled or not run (each has a
 *     {@link PipelineOutcome})
 * @param dropped items whose task succeeded and emitted nothing (filtered out)
 * @param emitted items its tasks emitted (each copy to several targets counted once)
 * @param sendsTo the stages it sends to along connect edges (not feedback edges), by name
 * @param stats the stage pool's statistics (rate, latency percentiles), if the pipeline collects them
 *     ({@link PipelineBuilder#collectStats(boolean)})
 */
public record StageSnapshot(String name, WorkerKind kind, int workers, int buffer, int queued, long busy,
                            long entered, long succeeded, long failed, long dropped, long emitted,
                            List<String> sendsTo, Optional<Stats> stats) {

    public StageSnapshot {
        sendsTo = List.copyOf(sendsTo);
    }

    /** Whether every worker is busy and the input buffer is full: the stage cannot take more. */
    public boolean isSaturated() {
        return busy >= workers && queued >= buffer;
    }

    /** Items handed to the stage and not yet ended there: queued or in a task. */
    public long inStage() {
        return entered - succeeded - failed;
    }
}
