package dev.spool.process;

import dev.spool.pool.Task;
import dev.spool.pool.WorkerKind;
import dev.spool.pool.WorkerStartException;
import dev.spool.pool.spi.Worker;
import dev.spool.pool.spi.WorkerBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Workers that are child JVMs: the {@link WorkerKind#PROCESS} kind, made by {@link ProcessWorkers} for one
 * pool.
 */
final class ProcessWorkerBackend implements WorkerBackend {

    /*
     * Implementation notes. prestart() launches every child first and then waits for each handshake, so
     * that the JVMs boot in parallel; the ready workers wait in `prestarted` until the slots' loops open
     * them. A replacement (after a crash, an abort or recycling) is launched by its loop, on demand.
     */

    private final ProcessWorkerSpec spec;
    private final CodecTable codecs;
    private final ChildLauncher launcher = new SpawnChildLauncher();
    private final ConcurrentLinkedQueue<ProcessWorker> prestarted = new ConcurrentLinkedQueue<>();

    ProcessWorkerBackend(ProcessWorkerSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.codecs = new CodecTable(spec.codecs());
    }

    @Override
    public WorkerKind kind() {
        return WorkerKind.PROCESS;
    }

    /** Child JVMs run the tasks in another JVM: a {@code Callable} cannot be sent there. */
    @Override
    public boolean runsInThisJvm() {
        return false;
    }

    @Override
    public Thread newLoopThread(String name, boolean daemon, Runnable loop) {
        return Thread.ofPlatform().name(name).daemon(daemon).unstarted(loop);
    }

    /** Child JVMs start warm: every one is running and has answered before the pool is built. */
    @Override
    public boolean isWarm() {
        return true;
    }

    /**
     * Starts {@code workers} children and waits until each is ready.
     *
     * @throws WorkerStartException if java is missing, or any child cannot start (every child started is
     *     stopped again)
     */
    @Override
    public void prestart(int workers) {
        Path java = ChildCommand.java(spec.javaHome());
        if (!Files.isExecutable(java)) {
            throw new WorkerStartException("cannot start process workers: " + java + " is missing or not"
                    + " executable (javaHome " + spec.javaHome() + ")", null);
        }
        List<ProcessWorker> started = new ArrayList<>(workers);
        try {
            for (int i = 0; i < workers; i++) {
                started.add(ProcessWorker.launch(spec, codecs, launcher));
            }
            for (ProcessWorker worker : started) {
                worker.awaitReady();
            }
        } catch (RuntimeException e) {
            started.forEach(ProcessWorker::kill);
            throw e;
        }
        prestarted.addAll(started);
    }

    @Override
    public Worker openWorker(String name) {
        ProcessWorker worker = prestarted.poll();
        if (worker == null) {
            worker = ProcessWorker.launch(spec, codecs, launcher);
            try {
                worker.awaitReady();
            } catch (RuntimeException e) {
                worker.kill();
                throw e;
            }
        }
        return worker;
    }

    /**
     * @throws IllegalArgumentException if a child JVM cannot create the task by its class name
     */
    @Override
    public void validate(Task<?, ?> task) {
        TaskClasses.requireCreatableInChild(task.getClass(), "task");
    }

    @Override
    public void close() {
        ProcessWorker left;
        while ((left = prestarted.poll()) != null) {
            left.close();
        }
        launcher.close();
    }
}
