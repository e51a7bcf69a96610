package dev.spool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.outcome.Outcome;
import dev.spool.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The pool conformance suite on platform threads, and what is particular to them. */
class PlatformPoolTest extends PoolConformanceTest {
    @Override
    protected WorkerKind kind() {
        return WorkerKind.PLATFORM;
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    @Test
    void workers_hugeCountFewTasks_threadsStartOnDemandOnly() throws Exception {
        // Before on-demand start this made 5,000 threads at build (a million filled the machine's process table).
        Pool pool = track(builder().workers(5_000).name("huge").build());
        assertThat(threadsNamed("huge-worker-")).isZero();

        var release = new CountDownLatch(1);
        List<TaskHandle<Object>> handles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            handles.add(pool.submit(() -> {
                release.await();
                return null;
            }));
        }
        assertThat(threadsNamed("huge-worker-")).isEqualTo(3);
        release.countDown();
        for (TaskHandle<Object> handle : handles) {
            assertThat(Await.outcome(handle)).isInstanceOf(Outcome.Succeeded.class);
        }
        pool.close();
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test
    void workers_neverMoreThreadsThanWorkers() throws Exception {
        Pool pool = track(builder().workers(4).name("four").build());
        try (var outcomes = pool.map(new TestTasks.Doubler(), java.util.stream.IntStream.range(0, 1000).boxed()
                .toList())) {
            assertThat(outcomes.count()).isEqualTo(1000);
        }
        assertThat(threadsNamed("four-worker-")).isLessThanOrEqualTo(4);
    }
}
