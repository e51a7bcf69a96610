package dev.spool.cli.bench;

import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import java.util.concurrent.TimeUnit;

/**
 * The {@code sleep} workload: a blocking wait of {@code input} microseconds, the shape of a task that waits
 * on IO. The duration travels as the input so that process workers get it too.
 */
public final class SleepTask implements Task<Integer, Integer> {

    @Override
    public Integer run(Integer micros, TaskContext context) throws InterruptedException {
        TimeUnit.MICROSECONDS.sleep(micros);
        return micros;
    }
}
