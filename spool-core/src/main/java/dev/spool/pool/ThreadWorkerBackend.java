package dev.spool.pool;

import dev.spool.pool.spi.Worker;
import dev.spool.pool.spi.WorkerBackend;

/** Workers that are the loop threads themselves: platform or virtual. */
final class ThreadWorkerBackend implements WorkerBackend {

    private final WorkerKind kind;

    ThreadWorkerBackend(WorkerKind kind) {
        if (kind != WorkerKind.PLATFORM && kind != WorkerKind.VIRTUAL) {
            throw new IllegalArgumentException("not a thread kind: " + kind);
        }
        this.kind = kind;
    }

    @Override
    public WorkerKind kind() {
        return kind;
    }

    @Override
    public Thread newLoopThread(String name, boolean daemon, Runnable loop) {
        if (kind == WorkerKind.VIRTUAL) {
            return Thread.ofVirtual().name(name).unstarted(loop);
        }
        return Thread.ofPlatform().name(name).daemon(daemon).unstarted(loop);
    }

    @Override
    public Worker openWorker(String name) {
        return new ThreadWorker(Thread.currentThread());
    }

    @Override
    public void validate(Task<?, ?> task) {
        // Any task runs on a thread.
    }

    /** Runs attempts in place; abort interrupts the thread. */
    private record ThreadWorker(Thread thread) implements Worker {
        @Override
        public String identity() {
            return thread.getName();
        }

        @Override
        public <I, R> R execute(Task<I, R> task, I input, TaskContext context) throws Exception {
            return task.run(input, context);
        }

        @Override
        public void abort() {
            thread.interrupt();
        }

        @Override
        public void close() {}
    }
}
