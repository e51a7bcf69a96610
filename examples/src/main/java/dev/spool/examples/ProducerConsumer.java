package dev.spool.examples;

import dev.spool.queue.QueueClosedException;
import dev.spool.queue.WorkQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lesson: avoid shared resources, put a queue between producers and consumers.
 *
 * <p>Two producers put the numbers 1..1000 on a <em>bounded</em> queue (a full queue makes {@code put} wait:
 * backpressure). Three consumers take them, add them up and call {@code taskDone()} for each. The main
 * thread calls {@code join()}, which returns once every item put has been marked done, then {@code close()},
 * which lets the consumers drain what is left and stop. Nobody shares anything but the queue and two
 * counters.
 *
 * <p>Python readers: this is {@code queue.Queue(maxsize=16)} with {@code put}, {@code get}, {@code
 * task_done}, {@code join} and 3.13's {@code shutdown}.
 */
public final class ProducerConsumer {

    static final int PRODUCERS = 2;
    static final int CONSUMERS = 3;
    static final int ITEMS = 1000;
    static final int CAPACITY = 16;

    private ProducerConsumer() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.printf("spool producer-consumer: %d producers -> queue (capacity %d) -> %d consumers%n",
                PRODUCERS, CAPACITY, CONSUMERS);

        WorkQueue<Integer> queue = WorkQueue.bounded(CAPACITY);
        AtomicLong consumed = new AtomicLong();
        AtomicLong sum = new AtomicLong();
        long[] perConsumer = new long[CONSUMERS]; // slot i written only by consumer i, read after join

        // Consumers: iterating a WorkQueue takes items until the queue is closed and drained.
        List<Thread> consumers = new ArrayList<>();
        for (int c = 0; c < CONSUMERS; c++) {
            int me = c;
            consumers.add(Thread.ofPlatform().name("consumer-" + (c + 1)).start(() -> {
                for (int item : queue) {
                    sum.addAndGet(item);
                    consumed.incrementAndGet();
                    perConsumer[me]++;
                    queue.taskDone(); // acknowledge: join() counts these
                }
            }));
        }

        // Producers: producer p puts p+1, p+1+PRODUCERS, ... so that together they put 1..ITEMS once each.
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int first = p + 1;
            producers.add(Thread.ofPlatform().name("producer-" + first).start(() -> {
                try {
                    for (int item = first; item <= ITEMS; item += PRODUCERS) {
                        queue.put(item); // waits while the queue is full
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }

        for (Thread producer : producers) {
            producer.join();
        }
        queue.join();  // every item put has been taken AND marked done
        queue.close(); // consumers finish the (now empty) queue and their loops end
        for (Thread consumer : consumers) {
            consumer.join();
        }

        long expectedSum = (long) ITEMS * (ITEMS + 1) / 2;
        System.out.printf("produced %d, consumed %d, sum %d (expected %d)%n",
                ITEMS, consumed.get(), sum.get(), expectedSum);
        var shares = new StringBuilder("consumers took:");
        for (int c = 0; c < CONSUMERS; c++) {
            shares.append(c == 0 ? " " : ", ").append("consumer-").append(c + 1).append(' ').append(perConsumer[c]);
        }
        System.out.println(shares);

        // After close(), producers are refused: the queue tells them, it does not drop items silently.
        try {
            queue.put(ITEMS + 1);
            System.out.println("put after close: accepted?!");
        } catch (QueueClosedException expected) {
            System.out.println("put after close: refused with QueueClosedException");
        }

        if (consumed.get() != ITEMS || sum.get() != expectedSum) {
            System.out.println("MISMATCH: items were lost or duplicated");
            System.exit(1);
        }
        System.out.println("ok: nothing lost, nothing twice");
        // main returns; the JVM exits because every thread we started has ended.
    }
}
