package dev.spool.examples;

import dev.spool.monitor.PoolEvent;
import dev.spool.outcome.Outcome;
import dev.spool.pool.Pool;
import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import dev.spool.pool.TaskHandle;
import dev.spool.pool.WorkerKind;
import dev.spool.stop.ShutdownSignals;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * The lesson: a signal reaches one process (and in Java one handler thread), so broadcast it yourself. Here
 * the parent gets SIGINT (it sends it to itself, as Ctrl-C would); Spool's one handler stops every live pool,
 * and a pool of process workers relays the stop to each child: their tasks see their stop token, finish the
 * unit they are in, and return; then each child exits. No child is left behind.
 *
 * <p>Python readers: with {@code multiprocessing.Pool}, Ctrl-C raises {@code KeyboardInterrupt} in every
 * worker at once, wherever it is, and the pool often hangs; here the children ignore SIGINT and the parent
 * decides.
 */
public final class SignalBroadcast {

    static final int CHILDREN = 3;

    private SignalBroadcast() {}

    /** Works in units until the pool's stop reaches this child, then says how far it got and where. */
    public static final class Worker implements Task<String, String> {
        @Override
        public String run(String name, TaskContext context) {
            long units = 0;
            while (!context.stopToken().isStopRequested()) { // the check between units of work
                StopFlag.unitOfWork(units++);
            }
            boolean inChild = context.worker().equals("pid " + ProcessHandle.current().pid());
            return name + ": stopped after " + units + " units, " + (inChild ? "in a child JVM" : "in the parent?!");
        }
    }

    public static void main(String[] args) throws Exception {
        var children = new ConcurrentLinkedQueue<Long>();
        var signalled = new CountDownLatch(1);
        // By default the signal ends the JVM once the pools have stopped; this program prints a summary first.
        ShutdownSignals.exitAfterStop(false);
        ShutdownSignals.addListener((signal, count) -> {
            System.out.println("parent: got SIG" + signal + ", stopping every pool");
            signalled.countDown();
        });
        Pool pool = Pool.builder().name("broadcast").kind(WorkerKind.PROCESS).workers(CHILDREN).listener(event -> {
            if (event instanceof PoolEvent.WorkerStarted started) {
                children.add(Long.parseLong(started.worker().substring("pid ".length())));
            }
        }).build();

        List<TaskHandle<String>> handles = new ArrayList<>();
        for (int i = 1; i <= CHILDREN; i++) {
            handles.add(pool.submit(new Worker(), "task " + i));
        }
        while (pool.queued() > 0) {
            Thread.onSpinWait(); // each child has taken its task
        }
        System.out.println("parent: " + children.size() + " child JVMs are working; sending SIGINT to myself");
        sendSigint(ProcessHandle.current().pid());
        signalled.await();

        for (TaskHandle<String> handle : handles) {
            Outcome<String> outcome = handle.await();
            System.out.println(outcome.valueIfSucceeded().orElse(outcome.kind()));
        }
        pool.awaitTermination();
        int gone = 0;
        for (long pid : children) {
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                gone++;
            }
        }
        System.out.println("parent: pool terminated; " + gone + " of " + children.size() + " children have exited");
    }

    private static void sendSigint(long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(Duration.ofSeconds(10))) {
            kill.destroyForcibly();
            throw new IllegalStateException("kill -INT " + pid + " did not finish");
        }
    }
}
