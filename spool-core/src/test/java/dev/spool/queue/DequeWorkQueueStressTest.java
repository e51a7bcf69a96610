package dev.spool.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.TestThreads;
import dev.spool.testing.TestTimeouts;
import dev.spool.testing.ThreadDumps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Time-bounded stress loops on {@link DequeWorkQueue}: many producers and consumers, exact accounting of
 * every item, and close racing with blocked producers. A hang fails with a thread dump.
 */
class DequeWorkQueueStressTest {

    /*
     * Implementation notes.
     *
     * Items are distinct numbers, so "nothing lost, nothing twice" is checked exactly: each consumer marks
     * what it took in its own BitSet (written by that consumer only, read by the test thread after the
     * join), and the sets must be disjoint with a union of every item. Count and sum are checked too.
     */

    private static final int PRODUCERS = 4;
    private static final int CONSUMERS = 4;
    private static final int ITEMS = 1_000_000;
    private static final int CAPACITY = 1024;

    @Test
    void manyProducersAndConsumers_millionItems_eachConsumedExactlyOnce() throws InterruptedException {
        long deadline = System.nanoTime() + TestTimeouts.LONG.toNanos();
        WorkQueue<Long> queue = WorkQueue.bounded(CAPACITY);
        TestThreads threads = new TestThreads();
        CountDownLatch producersDone = new CountDownLatch(PRODUCERS);
        int perProducer = ITEMS / PRODUCERS;
        for (int p = 0; p < PRODUCERS; p++) {
            long first = (long) p * perProducer + 1;
            threads.start("producer-" + p, () -> {
                for (long item = first; item < first + perProducer; item++) {
                    queue.put(item);
                }
                producersDone.countDown();
            });
        }
        long[] counts = new long[CONSUMERS];
        long[] sums = new long[CONSUMERS];
        BitSet[] seen = new BitSet[CONSUMERS];
        boolean[] endedOnClose = new boolean[CONSUMERS];
        for (int c = 0; c < CONSUMERS; c++) {
            int me = c;
            seen[me] = new BitSet(ITEMS + 1);
            threads.start("consumer-" + c, () -> {
                try {
                    while (true) {
                        long item = queue.take();
                        counts[me]++;
                        sums[me] += item;
                        seen[me].set((int) item);
                        queue.taskDone();
                    }
                } catch (QueueClosedException expected) {
                    endedOnClose[me] = true;
                }
            });
        }

        if (!producersDone.await(left(deadline), TimeUnit.NANOSECONDS)) {
            throw new AssertionError("producers did not finish; " + queue + "\n" + ThreadDumps.all());
        }
        if (!queue.join(Duration.ofNanos(left(deadline)))) {
            throw new AssertionError("join did not return; " + queue + "\n" + ThreadDumps.all());
        }
        queue.close();
        threads.joinAll(Duration.ofNanos(left(deadline)));

        long count = 0;
        long sum = 0;
        BitSet all = new BitSet(ITEMS + 1);
        for (int c = 0; c < CONSUMERS; c++) {
            count += counts[c];
            sum += sums[c];
            assertThat(all.intersects(seen[c])).as("consumer %d took an item another consumer took", c).isFalse();
            all.or(seen[c]);
        }
        assertThat(count).isEqualTo(ITEMS);
        assertThat(sum).isEqualTo((long) ITEMS * (ITEMS + 1) / 2);
        assertThat(all.cardinality()).isEqualTo(ITEMS);
        assertThat(endedOnClose).containsOnly(true);
        assertThat(queue.size()).isZero();
        assertThat(queue.unfinishedTasks()).isZero();
    }

    @Test
    void close_whileProducersBlocked_everyItemConsumedOnceOrRejected() throws InterruptedException {
        long deadline = System.nanoTime() + TestTimeouts.LONG.toNanos();
        for (int round = 0; round < 200; round++) {
            boolean immediate = round % 2 == 1;
            boolean consumersStartAfterClose = round % 4 < 2;
            runCloseRound(round, immediate, consumersStartAfterClose, deadline);
        }
    }

    /**
     * One round: 3 producers put until refused, 2 consumers take until closed, and the queue is closed
     * (gracefully or at once) while producers are blocked. When {@code consumersStartAfterClose}, every
     * producer is first seen blocked on the full queue; otherwise close races with running consumers.
     */
    private static void runCloseRound(int round, boolean immediate, boolean consumersStartAfterClose, long deadline)
            throws InterruptedException {
        int producers = 3;
        int consumers = 2;
        WorkQueue<Integer> queue = WorkQueue.bounded(4);
        TestThreads threads = new TestThreads();
        Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        Set<Integer> rejected = ConcurrentHashMap.newKeySet();
        List<Integer> consumed = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger producersEndedOnClose = new AtomicInteger();
        AtomicInteger consumersEndedOnClose = new AtomicInteger();

        List<Thread> producerThreads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * 1_000_000;
            producerThreads.add(threads.start("round-" + round + "-producer-" + p, () -> {
                for (int item = base; ; item++) {
                    try {
                        queue.put(item);
                    } catch (QueueClosedException refused) {
                        rejected.add(item);
                        producersEndedOnClose.incrementAndGet();
                        return;
                    }
                    accepted.add(item);
                }
            }));
        }
        Runnable startConsumers = () -> {
            for (int c = 0; c < consumers; c++) {
                threads.start("round-" + round + "-consumer-" + c, () -> {
                    try {
                        while (true) {
                            consumed.add(queue.take());
                            queue.taskDone();
                        }
                    } catch (QueueClosedException expected) {
                        consumersEndedOnClose.incrementAndGet();
                    }
                });
            }
        };

        List<Integer> removed = List.of();
        if (consumersStartAfterClose) {
            for (Thread producer : producerThreads) {
                WorkQueueConformanceTest.awaitBlocked(producer);
            }
            removed = immediate ? queue.closeNow() : closeReturningNothing(queue);
            startConsumers.run();
        } else {
            startConsumers.run();
            awaitConsumed(consumed, 50, deadline);
            removed = immediate ? queue.closeNow() : closeReturningNothing(queue);
        }
        threads.joinAll(Duration.ofNanos(left(deadline)));

        String context = "round " + round + (immediate ? " closeNow" : " close");
        assertThat(producersEndedOnClose.get()).as(context + ": producers ended on close").isEqualTo(producers);
        assertThat(consumersEndedOnClose.get()).as(context + ": consumers ended on close").isEqualTo(consumers);
        Set<Integer> consumedOnce = new HashSet<>(consumed);
        assertThat(consumedOnce).as(context + ": consumed twice").hasSameSizeAs(consumed);
        assertThat(Collections.disjoint(consumedOnce, removed)).as(context + ": consumed and removed").isTrue();
        Set<Integer> delivered = new HashSet<>(consumedOnce);
        delivered.addAll(removed);
        assertThat(delivered).as(context + ": accepted items, each consumed or removed").isEqualTo(accepted);
        assertThat(rejected).as(context + ": one rejected item per producer").hasSize(producers);
        assertThat(Collections.disjoint(rejected, accepted)).as(context + ": rejected and accepted").isTrue();
        assertThat(queue.unfinishedTasks()).as(context + ": unfinished").isZero();
        assertThat(queue.join(Duration.ZERO)).isTrue();
    }

    private static List<Integer> closeReturningNothing(WorkQueue<Integer> queue) {
        queue.close();
        return List.of();
    }

    private static void awaitConsumed(List<Integer> consumed, int atLeast, long deadline) {
        while (consumed.size() < atLeast) {
            if (left(deadline) <= 0) {
                throw new AssertionError("consumers took " + consumed.size() + " items before the deadline\n"
                        + ThreadDumps.all());
            }
            Thread.yield();
        }
    }

    private static long left(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
