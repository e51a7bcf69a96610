package dev.spool.examples;

import dev.spool.outcome.Outcome;
import dev.spool.pool.Pool;
import dev.spool.pool.Task;
import dev.spool.pool.TaskHandle;
import dev.spool.stop.StopToken;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The lesson: you cannot kill a thread safely, and only the main thread hears a signal, so broadcast a
 * stop yourself through a flag that every worker checks between units of work.
 *
 * <p>Part 1 does it by hand: three threads share one {@link StopToken}; the main thread requests the
 * stop; each thread finishes the unit it is in, notices the flag, and says how far it got.
 *
 * <p>Part 2 lets a {@link Pool} do it: {@link Pool#stop()} requests the pool's own token (every task sees it
 * in its context), lets the running tasks finish, and ends every task still waiting in the queue as
 * {@link Outcome.NotRun}. This is exactly what Spool does on the first Ctrl-C.
 *
 * <p>Python readers: the token is a {@code threading.Event} that can only be set, plus a reason.
 */
public final class StopFlag {

    static final int THREADS = 3;
    static final int POOL_WORKERS = 2;
    static final int QUEUED_TASKS = 3;

    private StopFlag() {}

    public static void main(String[] args) throws InterruptedException {
        byHand();
        withPool();
    }

    /** Part 1: one flag, three threads, the main thread broadcasts the stop. */
    static void byHand() throws InterruptedException {
        System.out.println("part 1: " + THREADS + " threads check one StopToken between units of work");
        StopToken stop = new StopToken();
        CountDownLatch allWorking = new CountDownLatch(THREADS);
        long[] units = new long[THREADS]; // slot i written only by thread i, read after join

        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int me = t;
            threads.add(Thread.ofPlatform().name("worker-" + (t + 1)).start(() -> {
                while (!stop.isStopRequested()) { // the check between units: cheap, and never mid-unit
                    unitOfWork(units[me]);
                    if (++units[me] == 1) {
                        allWorking.countDown();
                    }
                }
            }));
        }

        allWorking.await(); // every thread has done at least one unit
        System.out.println("main: every thread is working; requesting stop");
        stop.requestStop("main asked everyone to stop");
        for (Thread thread : threads) {
            thread.join();
        }
        for (int t = 0; t < THREADS; t++) {
            System.out.printf("worker-%d: stopped after %d units (%s)%n", t + 1, units[t], stop.reason());
        }
    }

    /** Part 2: Pool.stop() sets the pool's token and turns queued tasks into NotRun outcomes. */
    static void withPool() throws InterruptedException {
        System.out.println("part 2: Pool.stop() with " + POOL_WORKERS + " long tasks running and "
                + QUEUED_TASKS + " queued");
        try (Pool pool = Pool.builder().name("stop-demo").workers(POOL_WORKERS).build()) {
            CountDownLatch allRunning = new CountDownLatch(POOL_WORKERS);
            // A long task: works until the pool's stop token is requested, then returns how far it got.
            Task<String, Long> longTask = (name, context) -> {
                allRunning.countDown();
                long done = 0;
                while (!context.stopToken().isStopRequested()) {
                    unitOfWork(done++);
                }
                return done;
            };
            Task<Integer, Integer> square = (n, context) -> n * n;

            List<TaskHandle<?>> handles = new ArrayList<>();
            for (int i = 0; i < POOL_WORKERS; i++) {
                handles.add(pool.submit(longTask, "long-" + (i + 1))); // each worker picks one up
            }
            for (int i = 0; i < QUEUED_TASKS; i++) {
                handles.add(pool.submit(square, i)); // these wait: both workers are busy
            }

            allRunning.await();
            System.out.println("main: both workers are busy; calling pool.stop()");
            pool.stop(); // returns at once: graceful, nothing new starts

            for (TaskHandle<?> handle : handles) {
                String line = switch (handle.await()) {
                    case Outcome.Succeeded<?>(var info, var value) ->
                            "succeeded: saw the stop token after " + value + " units";
                    case Outcome.NotRun<?>(var info, var reason) -> "not run: " + reason;
                    case Outcome<?> other -> other.kind() + " (unexpected)";
                };
                System.out.println("task " + handle.seq() + ": " + line);
            }
        } // close(): the pool has stopped; this waits for its workers to end
        System.out.println("pool terminated; main returns and the JVM exits");
    }

    /** Some CPU work that a stop never interrupts halfway. */
    static long unitOfWork(long seed) {
        long x = seed | 1;
        for (int i = 0; i < 20_000; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
