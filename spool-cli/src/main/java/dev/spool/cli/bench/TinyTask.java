package dev.spool.cli.bench;

import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;

/** The {@code tiny} workload: returns its input. Measures the pool's own overhead per task. */
public final class TinyTask implements Task<Integer, Integer> {

    @Override
    public Integer run(Integer input, TaskContext context) {
        return input;
    }
}
