package dev.spool.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The outcome buffer: bounded puts, batched takes, the end, and every outcome read once in order. */
class OutcomeBufferTest {

    @Test
    void take_readsInOrderThenEndsOnceFinishedAndEmpty() throws InterruptedException {
        var buffer = new OutcomeBuffer<Integer>(4);
        buffer.put(1);
        buffer.put(2);
        assertThat(buffer.take()).isEqualTo(1); // takes both: 2 is in the reader's batch
        buffer.put(3);
        buffer.finish();

        assertThat(buffer.size()).isEqualTo(2);
        assertThat(buffer.take()).isEqualTo(2);
        assertThat(buffer.take()).isEqualTo(3);
        assertThat(buffer.size()).isZero();
        assertThatThrownBy(buffer::take).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void put_waitsWhileFull_aTakeMakesRoomForAWholeBatch() throws InterruptedException {
        var buffer = new OutcomeBuffer<Integer>(2);
        buffer.put(0);
        buffer.put(1);
        assertThat(buffer.isFull()).isTrue();
        AtomicInteger put = new AtomicInteger();
        Thread putter = Thread.ofPlatform().start(() -> {
            for (int i = 2; i < 4; i++) {
                buffer.put(i);
                put.incrementAndGet();
            }
        });
        Await.until("the putter waits for room", () -> putter.getState() == Thread.State.WAITING);
        assertThat(put.get()).isZero();

        assertThat(buffer.take()).isEqualTo(0); // the batch [0, 1] leaves the bounded part: room for 2

        putter.join();
        assertThat(put.get()).isEqualTo(2);
        assertThat(buffer.isFull()).isTrue();
        assertThat(buffer.size()).isEqualTo(3);
    }

    @Test
    void manyPutters_oneReader_everyOutcomeOnceAndEachPuttersInOrder() throws InterruptedException {
        var buffer = new OutcomeBuffer<long[]>(8);
        int putters = 4;
        int each = 20_000;
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < putters; p++) {
            long who = p;
            threads.add(Thread.ofPlatform().start(() -> {
                for (long i = 0; i < each; i++) {
                    buffer.put(new long[] {who, i});
                }
            }));
        }
        Thread finisher = Thread.ofPlatform().start(() -> {
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    return;
                }
            }
            buffer.finish();
        });

        long[] next = new long[putters];
        long read = 0;
        while (true) {
            long[] item;
            try {
                item = buffer.take();
            } catch (NoSuchElementException end) {
                break;
            }
            assertThat(item[1]).as("putter " + item[0]).isEqualTo(next[(int) item[0]]);
            next[(int) item[0]]++;
            read++;
        }
        finisher.join();

        assertThat(read).isEqualTo((long) putters * each);
    }
}
