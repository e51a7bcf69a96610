package dev.spool.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.monitor.PoolEvent;
import dev.spool.pool.Pool;
import dev.spool.pool.TaskHandle;
import dev.spool.testing.Await;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Behaviours of spool-core found while writing the examples, each as a test of what a user would expect.
 */
class CoreFindingsTest {

    @Test
    void await_returns_finishedEventAlreadyDelivered() throws Exception {
        AtomicBoolean finishedDelivered = new AtomicBoolean();
        Pool pool = Pool.builder().workers(1).handleSignals(false).listener(event -> {
            if (event instanceof PoolEvent.Finished) {
                long until = System.nanoTime() + 20_000_000L; // a slow listener widens the window
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                finishedDelivered.set(true);
            }
        }).build();
        try {
            TaskHandle<Integer> handle = pool.submit(() -> 42);
            Await.outcome(handle);
            assertThat(finishedDelivered).as("Finished delivered before await() returned").isTrue();
        } finally {
            pool.close();
        }
    }
}
