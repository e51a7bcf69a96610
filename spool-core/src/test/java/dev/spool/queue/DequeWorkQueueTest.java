package dev.spool.queue;

/** The in-memory queue against the {@link WorkQueueConformanceTest}. */
class DequeWorkQueueTest extends WorkQueueConformanceTest {

    @Override
    protected <T> WorkQueue<T> newQueue(int capacity) {
        return capacity == Integer.MAX_VALUE ? WorkQueue.unbounded() : WorkQueue.bounded(capacity);
    }
}
