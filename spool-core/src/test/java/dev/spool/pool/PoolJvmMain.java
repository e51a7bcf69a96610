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
            case "idle" -> idle();
            case "busy" -> busy();
            case "threads" -> threads();
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
        ShutdownSignals.exitAfterStop(false); // to print every outcome after the stop
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

    /** An idle pool, and a main thread blocked elsewhere for ever: a signal must still end the JVM. */
    private static void idle() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
        Pool pool = Pool.builder().workers(2).name("idle").build();
        System.out.println(pool.submit(new TestTasks.Doubler(), 21).await().valueOrThrow());
        System.out.println("ready");
        new java.util.concurrent.CountDownLatch(1).await();
    }

    /** A running task that ignores the stop token: the graceful stop lets it finish, then the JVM exits. */
    private static void busy() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
        Pool pool = Pool.builder().workers(1).name("busy").build();
        var release = new java.util.concurrent.CountDownLatch(1);
        ShutdownSignals.addListener((signal, count) -> {
            System.out.println("signal " + signal + " " + count);
            release.countDown(); // the task ends only after the signal came
        });
        pool.submit(() -> {
            System.out.println("task started");
            release.await();
            System.out.println("task finished");
            return null;
        });
        new java.util.concurrent.CountDownLatch(1).await();
    }

    /**
     * Waits for "go" on stdin (the test limits the process's threads meanwhile), then submits 50 tasks to a
     * pool of 50 platform workers, each waiting until all are submitted, and prints how they ended.
     */
    private static void threads() throws Exception {
        Pool pool = Pool.builder().workers(50).name("capped").handleSignals(false).build();
        System.out.println("ready");
        new BufferedReader(new InputStreamReader(System.in)).readLine();
        var release = new java.util.concurrent.CountDownLatch(1);
        List<TaskHandle<Object>> handles = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                handles.add(pool.submit(() -> {
                    release.await();
                    return null;
                }));
            }
        } catch (WorkerStartException e) {
            System.out.println("submit failed: " + e.getMessage());
            System.exit(3);
        }
        release.countDown();
        long succeeded = 0;
        for (TaskHandle<Object> handle : handles) {
            succeeded += handle.await().isSuccess() ? 1 : 0;
        }
        System.out.println("succeeded " + succeeded);
        pool.close();
    }
}
