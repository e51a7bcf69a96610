package dev.spool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.pool.spi.Worker;
import dev.spool.pool.spi.WorkerBackend;
import dev.spool.pool.spi.WorkerBackendFactory;
import dev.spool.testing.Await;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A warm pool (workers opened in build(), as child JVMs are) whose process cannot create one of its loop
 * threads: build() fails, and every worker it had opened, and the backend, are closed. The backend here is
 * a test's own, through the public WorkerBackendFactory seam, so that thread creation can fail on demand.
 */
class WarmStartFailureTest {

    /** Counts what it opens and closes; refuses the loop thread number {@code refuse} as the JVM would. */
    private static final class RefusingBackend implements WorkerBackend, WorkerBackendFactory {
        final int refuse;
        final AtomicInteger threadsMade = new AtomicInteger();
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final CountDownLatch backendClosed = new CountDownLatch(1);

        RefusingBackend(int refuse) {
            this.refuse = refuse;
        }

        @Override
        public WorkerKind kind() {
            return WorkerKind.PLATFORM;
        }

        @Override
        public WorkerBackend newBackend() {
            return this;
        }

        @Override
        public boolean isWarm() {
            return true;
        }

        @Override
        public Thread newLoopThread(String name, boolean daemon, Runnable loop) {
            if (threadsMade.incrementAndGet() == refuse) {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/"
                        + "resource limits reached");
            }
            return Thread.ofPlatform().name(name).daemon(daemon).unstarted(loop);
        }

        @Override
        public Worker openWorker(String name) {
            opened.incrementAndGet();
            return new Worker() {
                @Override
                public String identity() {
                    return name;
                }

                @Override
                public <I, R> R execute(Task<I, R> task, I input, TaskContext context) throws Exception {
                    return task.run(input, context);
                }

                @Override
                public void abort() {}

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }

        @Override
        public void validate(Task<?, ?> task) {}

        @Override
        public void close() {
            backendClosed.countDown();
        }
    }

    @ParameterizedTest(name = "thread {0} of 3 refused")
    @ValueSource(ints = {1, 2, 3})
    void threadRefusedAtBuild_buildFails_everyOpenedWorkerAndTheBackendClosed(int refused) throws Exception {
        RefusingBackend backend = new RefusingBackend(refused);

        assertThatThrownBy(() -> Pool.builder().kind(backend).workers(3).handleSignals(false).build())
                .isInstanceOf(WorkerStartException.class)
                .hasMessageContaining("cannot start a worker thread")
                .hasMessageContaining("unable to create native thread");

        Await.latch(backend.backendClosed);
        assertThat(backend.threadsMade.get()).isEqualTo(refused);
        assertThat(backend.closed.get()).as("workers closed of %s opened", backend.opened.get())
                .isEqualTo(backend.opened.get());
    }
}
