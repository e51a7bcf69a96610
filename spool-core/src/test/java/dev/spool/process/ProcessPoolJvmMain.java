package dev.spool.process;

import dev.spool.monitor.PoolEvent;
import dev.spool.outcome.Outcome;
import dev.spool.pool.Pool;
import dev.spool.pool.TaskHandle;
import dev.spool.pool.TestTasks;
import dev.spool.pool.WorkerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A parent JVM for {@link ProcessPoolJvmTest}: a pool of two process workers, each running a task that waits
 * for the pool's stop, and two queued tasks. Prints the children's pids and "ready", then each outcome once
 * the pool has stopped, then "terminated".
 */
public final class ProcessPoolJvmMain {
    private ProcessPoolJvmMain() {}

    public static void main(String[] args) throws Exception {
        dev.spool.stop.ShutdownSignals.exitAfterStop(false); // to print every outcome after the stop
        var children = new ConcurrentLinkedQueue<String>();
        Pool pool = Pool.builder().kind(WorkerKind.PROCESS).workers(2).name("parent").listener(event -> {
            if (event instanceof PoolEvent.WorkerStarted started) {
                children.add(started.worker().substring("pid ".length()));
            }
        }).build();
        List<TaskHandle<?>> handles = new ArrayList<>();
        handles.add(pool.submit(new TestTasks.UntilStopped(), "a"));
        handles.add(pool.submit(new TestTasks.UntilStopped(), "b"));
        handles.add(pool.submit(new TestTasks.Doubler(), 1));
        handles.add(pool.submit(new TestTasks.Doubler(), 2));
        while (pool.queued() > 2 || children.size() < 2) {
            Thread.onSpinWait();
        }
        System.out.println("children " + String.join(" ", children));
        System.out.println("ready");
        for (TaskHandle<?> handle : handles) {
            Outcome<?> outcome = handle.await();
            System.out.println("task " + outcome.info().seq() + " " + outcome.kind()
                    + outcome.valueIfSucceeded().map(v -> " " + v).orElse(""));
        }
        pool.awaitTermination();
        System.out.println("terminated");
    }
}
