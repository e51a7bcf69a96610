package dev.spool.queue;

/** The in-memory queue against the {@link WorkQueueConformanceTest}. */
class LinkedWorkQueueTest extends WorkQueueConformanceTest {

    @Override
    protected <T> WorkQueue<T> newQueue(int capacity) {
        return new LinkedWorkQueue<>(capacity);
    }
}
