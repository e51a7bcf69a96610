package dev.spool.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.monitor.PoolEvent;
import dev.spool.outcome.Outcome;
import dev.spool.pool.Pool;
import dev.spool.pool.TaskHandle;
import dev.spool.testing.Await;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Behaviours of spool-core found while writing the examples, each as a test of what a user would expect.
 */
class CoreFindingsTest {

    @Test
    void await_returns_finishedEventAlreadyDelivered() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finishedDelivered = new AtomicBoolean();
        Pool pool = Pool.builder().workers(1).handleSignals(false).listener(event -> {
            if (event instanceof PoolEvent.Finished) {
                try {
                    Await.latch(release); // a slow listener makes the window wide
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                finishedDelivered.set(true);
            }
        }).build();
        try {
            TaskHandle<Integer> handle = pool.submit(() -> 42);
            Await.outcome(handle);
            assertThat(finishedDelivered).as("Finished delivered before await() returned").isTrue();
        } finally {
            release.countDown();
            pool.close();
        }
    }
}
