package dev.spool.cli.bench;

import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import java.util.concurrent.TimeUnit;

/**
 * The {@code mixed} workload: the SHA-256 of 16 KiB, then a blocking wait of {@code input} microseconds;
 * part CPU, part IO, like most real tasks.
 */
public final class MixedTask implements Task<Integer, Integer> {

    @Override
    public Integer run(Integer micros, TaskContext context) throws Exception {
        int hash = CpuTask.hash(micros, 16 * 1024);
        TimeUnit.MICROSECONDS.sleep(micros);
        return hash;
    }
}
