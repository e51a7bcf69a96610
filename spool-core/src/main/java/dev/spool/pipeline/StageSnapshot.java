package dev.spool.pipeline;

import dev.spool.pool.WorkerKind;

/**
 * One stage of a running pipeline, at a moment: for monitoring and for checking where items ended.
 *
 * @param name the stage's name
 * @param kind its kind of workers
 * @param workers how many
 * @param queued items waiting in its input buffer now
 * @param entered items handed to it so far
 * @param succeeded items whose task succeeded
 * @param failed items that ended unsuccessfully here: failed, timed out, cancelled or not run (each has a
 *     {@link PipelineOutcome})
 * @param dropped items whose task succeeded and emitted nothing (filtered out)
 * @param emitted items its tasks emitted (each copy to several targets counted once)
 */
public record StageSnapshot(String name, WorkerKind kind, int workers, int queued, long entered, long succeeded,
                            long failed, long dropped, long emitted) {

    /** Items handed to the stage and not yet ended there: queued or in a task. */
    public long inStage() {
        return entered - succeeded - failed;
    }
}
