package dev.spool.pool;

import java.util.List;

/** What the pool's queue carries: one task, or a chunk of a map's tasks that one worker runs in turn. */
sealed interface WorkItem permits TaskRecord, WorkItem.Chunk {

    /** The tasks, in the order they run. */
    List<TaskRecord<?, ?>> records();

    /** Tasks of a map sent to one worker together. */
    record Chunk(List<TaskRecord<?, ?>> records) implements WorkItem {}
}
