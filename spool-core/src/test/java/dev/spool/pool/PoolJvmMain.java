package dev.spool.pool;

import dev.spool.outcome.Outcome;
import dev.spool.stop.ShutdownSignals;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Programs run in a child JVM by {@link PoolJvmTest}: daemon semantics and signals. */
public final class PoolJvmMain {
    private PoolJvmMain() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "daemon" -> daemon(Boolean.parseBoolean(args[1]));
            case "signals" -> signals();
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** Main returns while a task waits for a line on stdin. */
    private static void daemon(boolean daemon) throws Exception {
        Pool pool = Pool.builder().workers(1).daemon(daemon).handleSignals(false).build();
        var started = new java.util.concurrent.CountDownLatch(1);
        pool.submit(() -> {
            System.out.println("task waiting");
            started.countDown();
            new BufferedReader(new InputStreamReader(System.in)).readLine();
            System.out.println("task done");
            return null;
        });
        started.await();
        pool.shutdown();
        System.out.println("main returned");
    }

    /**
     * One worker: a task that checks the stop token, a task that ignores it, queued tasks. Prints each
     * outcome once the pool has stopped.
     */
    private static void signals() throws Exception {
        ShutdownSignals.addListener((signal, count) -> System.out.println("signal " + signal + " " + count));
        Pool pool = Pool.builder().workers(2).name("sig").build();
        List<TaskHandle<?>> handles = new ArrayList<>();
        handles.add(pool.submit(new TestTasks.UntilStopped(), "polite"));
        handles.add(pool.submit(new TestTasks.Sleeper(), (int) Duration.ofMinutes(5).toMillis()));
        for (int i = 0; i < 3; i++) {
            handles.add(pool.submit(new TestTasks.Doubler(), i));
        }
        while (pool.queued() > 3) {
            Thread.onSpinWait();
        }
        System.out.println("ready");
        for (TaskHandle<?> handle : handles) {
            Outcome<?> outcome = handle.await();
            System.out.println("task " + outcome.info().seq() + " " + outcome.kind());
        }
        pool.awaitTermination();
        System.out.println("terminated");
    }
}
