package dev.spool.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.testing.TestThreads;
import dev.spool.testing.TestTimeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link WorkQueue} must have, whatever stores its items. An implementation's test
 * extends this class and says how to make a queue; the in-memory queue's is {@link DequeWorkQueueTest},
 * the durable queue's will be next to it.
 */
public abstract class WorkQueueConformanceTest {

    /*
     * Implementation notes.
     *
     * Waiting for a thread to block: awaitBlocked polls the thread's state with a deadline (never a bare
     * sleep). WAITING or TIMED_WAITING both count, so that an implementation that waits in timed slices
     * (polling a database, say) conforms too.
     *
     * Every thread a test starts goes through `threads` and is joined after the test, its failure
     * rethrown. Every queue a test makes goes through bounded()/unbounded() and has its invariants checked
     * after the test: 0 <= size <= capacity, size <= unfinishedTasks.
     */

    /** Makes an empty open queue; {@link Integer#MAX_VALUE} means unbounded. */
    protected abstract <T> WorkQueue<T> newQueue(int capacity);

    private static final Duration SHORT = TestTimeouts.SHORT;
    private static final Duration EXPIRY = TestTimeouts.EXPECTED_EXPIRY;

    private final TestThreads threads = new TestThreads();
    private final List<WorkQueue<?>> queues = new ArrayList<>();

    @AfterEach
    final void joinThreadsAndCheckInvariants() throws InterruptedException {
        threads.joinAll(TestTimeouts.LONG);
        for (WorkQueue<?> queue : queues) {
            assertThat(queue.size()).as("size of %s", queue).isBetween(0, queue.capacity());
            assertThat(queue.unfinishedTasks()).as("unfinished tasks of %s", queue).isGreaterThanOrEqualTo(queue.size());
        }
    }

    // ---------------------------------------------------------------- construction and bad input

    @Test
    void capacity_ofBoundedQueue_isTheOneGiven() {
        assertThat(bounded(3).capacity()).isEqualTo(3);
        assertThat(unbounded().capacity()).isEqualTo(Integer.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void newQueue_withNonPositiveCapacity_throwsIllegalArgumentNamingTheValue(int capacity) {
        assertThatThrownBy(() -> newQueue(capacity))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity")
                .hasMessageContaining(String.valueOf(capacity));
    }

    @Test
    void put_nullItem_throwsNullPointerNamingItem() {
        WorkQueue<String> queue = unbounded();
        assertThatThrownBy(() -> queue.put(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("item");
        assertThatThrownBy(() -> queue.offer(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("item");
        assertThatThrownBy(() -> queue.offer(null, SHORT))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("item");
        assertThat(queue.size()).isZero();
        assertThat(queue.unfinishedTasks()).isZero();
    }

    @Test
    void timedMethods_nullTimeout_throwNullPointerNamingTimeout() {
        WorkQueue<String> queue = unbounded();
        assertThatThrownBy(() -> queue.offer("a", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> queue.poll(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> queue.join(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("timeout");
        assertThat(queue.size()).isZero();
    }

    @Test
    void timedMethods_negativeTimeout_throwIllegalArgumentNamingTheValue() {
        WorkQueue<String> queue = unbounded();
        Duration negative = Duration.ofSeconds(-1);
        assertThatThrownBy(() -> queue.offer("a", negative))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(negative.toString());
        assertThatThrownBy(() -> queue.poll(negative))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(negative.toString());
        assertThatThrownBy(() -> queue.join(negative))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(negative.toString());
        assertThat(queue.size()).isZero();
        assertThat(queue.unfinishedTasks()).isZero();
    }

    @Test
    void timedMethods_timeoutBeyondLongNanos_behaveAsWaitingForever() throws InterruptedException {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        WorkQueue<String> queue = bounded(1);
        assertThat(queue.offer("a", forever)).isTrue();
        assertThat(queue.poll(forever)).isEqualTo("a");
        queue.taskDone();
        assertThat(queue.join(forever)).isTrue();
    }

    // ---------------------------------------------------------------- put, offer, take, poll

    @Test
    void take_afterPuts_returnsItemsInFifoOrder() throws InterruptedException {
        for (WorkQueue<Integer> queue : List.<WorkQueue<Integer>>of(bounded(5), unbounded())) {
            for (int i = 0; i < 5; i++) {
                queue.put(i);
            }
            assertThat(queue.size()).isEqualTo(5);
            assertThat(queue.unfinishedTasks()).isEqualTo(5);
            List<Integer> taken = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                taken.add(queue.take());
            }
            assertThat(taken).containsExactly(0, 1, 2, 3, 4);
            assertThat(queue.size()).isZero();
            assertThat(queue.unfinishedTasks()).as("taken but not done").isEqualTo(5);
        }
    }

    @Test
    void pollAndOffer_mixed_keepFifoOrder() throws InterruptedException {
        WorkQueue<String> queue = bounded(2);
        assertThat(queue.offer("a")).isTrue();
        assertThat(queue.offer("b", SHORT)).isTrue();
        assertThat(queue.poll()).isEqualTo("a");
        queue.put("c");
        assertThat(queue.poll(SHORT)).isEqualTo("b");
        assertThat(queue.take()).isEqualTo("c");
        assertThat(queue.poll()).isNull();
    }

    @Test
    void put_onUnboundedQueue_neverBlocks() throws InterruptedException {
        WorkQueue<Integer> queue = unbounded();
        for (int i = 0; i < 10_000; i++) {
            queue.put(i);
        }
        assertThat(queue.size()).isEqualTo(10_000);
        assertThat(queue.offer(-1)).isTrue();
    }

    @Test
    void put_whenFull_blocksUntilTake() throws InterruptedException {
        WorkQueue<String> queue = bounded(2);
        queue.put("a");
        queue.put("b");
        CountDownLatch putReturned = new CountDownLatch(1);
        Thread producer = threads.start("producer", () -> {
            queue.put("c");
            putReturned.countDown();
        });
        awaitBlocked(producer);
        assertThat(putReturned.getCount()).as("put returned while the queue was full").isEqualTo(1);
        assertThat(queue.size()).isEqualTo(2);

        assertThat(queue.take()).isEqualTo("a");

        assertThat(putReturned.await(SHORT.toNanos(), TimeUnit.NANOSECONDS)).as("put resumed after take").isTrue();
        assertThat(queue.take()).isEqualTo("b");
        assertThat(queue.take()).isEqualTo("c");
        assertThat(queue.unfinishedTasks()).isEqualTo(3);
    }

    @Test
    void offer_whenFull_returnsFalseAtOnce() {
        WorkQueue<String> queue = bounded(1);
        assertThat(queue.offer("a")).isTrue();
        assertThat(queue.offer("b")).isFalse();
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.unfinishedTasks()).as("a refused offer counts no task").isEqualTo(1);
    }

    @Test
    void offer_withTimeout_whenFull_expiresAndReturnsFalse() throws InterruptedException {
        WorkQueue<String> queue = bounded(1);
        queue.put("a");
        long start = System.nanoTime();
        assertThat(queue.offer("b", EXPIRY)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(EXPIRY);
        assertThat(queue.offer("b", Duration.ZERO)).isFalse();
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.unfinishedTasks()).isEqualTo(1);
    }

    @Test
    void offer_withTimeout_whenRoomFreedWhileWaiting_returnsTrue() throws InterruptedException {
        WorkQueue<String> queue = bounded(1);
        queue.put("a");
        Thread producer = threads.start("producer", () -> assertThat(queue.offer("b", SHORT)).isTrue());
        awaitBlocked(producer);
        assertThat(queue.take()).isEqualTo("a");
        assertThat(queue.poll(SHORT)).isEqualTo("b");
    }

    @Test
    void take_whenEmpty_blocksUntilPut() throws InterruptedException {
        WorkQueue<String> queue = unbounded();
        CountDownLatch taken = new CountDownLatch(1);
        Thread consumer = threads.start("consumer", () -> {
            assertThat(queue.take()).isEqualTo("a");
            taken.countDown();
        });
        awaitBlocked(consumer);
        assertThat(taken.getCount()).isEqualTo(1);
        queue.put("a");
        assertThat(taken.await(SHORT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
    }

    @Test
    void poll_whenEmpty_returnsNull() {
        WorkQueue<String> queue = bounded(1);
        assertThat(queue.poll()).isNull();
    }

    @Test
    void poll_withTimeout_whenEmpty_expiresAndReturnsNull() throws InterruptedException {
        WorkQueue<String> queue = bounded(1);
        long start = System.nanoTime();
        assertThat(queue.poll(EXPIRY)).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(EXPIRY);
        assertThat(queue.poll(Duration.ZERO)).isNull();
    }

    @Test
    void poll_withTimeout_whenItemPutWhileWaiting_returnsIt() throws InterruptedException {
        WorkQueue<String> queue = bounded(1);
        Thread consumer = threads.start("consumer", () -> assertThat(queue.poll(SHORT)).isEqualTo("a"));
        awaitBlocked(consumer);
        queue.put("a");
        threads.joinAll(SHORT);
    }

    // ---------------------------------------------------------------- taskDone and join

    @Test
    void taskDone_onNewQueue_throwsIllegalState() {
        WorkQueue<String> queue = unbounded();
        assertThatThrownBy(queue::taskDone).isInstanceOf(IllegalStateException.class);
        assertThat(queue.unfinishedTasks()).isZero();
    }

    @Test
    void taskDone_calledMoreOftenThanPut_throwsIllegalStateWithBothCounts() throws InterruptedException {
        WorkQueue<String> queue = unbounded();
        queue.put("a");
        queue.put("b");
        queue.put("c");
        for (int i = 0; i < 3; i++) {
            queue.take();
            queue.taskDone();
        }
        assertThatThrownBy(queue::taskDone)
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(QueueClosedException.class)
                .hasMessageContaining("3 put")
                .hasMessageContaining("3 already marked done");
        assertThat(queue.unfinishedTasks()).as("a refused taskDone changes nothing").isZero();

        queue.put("d");
        assertThat(queue.unfinishedTasks()).isEqualTo(1);
        queue.take();
        queue.taskDone();
        assertThat(queue.join(SHORT)).isTrue();
    }

    @Test
    void join_whenNothingPut_returnsAtOnce() throws InterruptedException {
        WorkQueue<String> queue = unbounded();
        queue.join();
        assertThat(queue.join(Duration.ZERO)).isTrue();
    }

    @Test
    void join_withTasksUnfinished_waitsUntilAllDone() throws InterruptedException {
        WorkQueue<String> queue = unbounded();
        queue.put("a");
        queue.put("b");
        CountDownLatch joined = new CountDownLatch(2);
        Thread joiner1 = threads.start("joiner-1", () -> {
            queue.join();
            joined.countDown();
        });
        Thread joiner2 = threads.start("joiner-2", () -> {
            assertThat(queue.join(SHORT)).isTrue();
            joined.countDown();
        });
        awaitBlocked(joiner1);
        awaitBlocked(joiner2);

        queue.take();
        queue.taskDone();
        queue.take();
        assertThat(joined.getCount()).as("join returned with one task unfinished").isEqualTo(2);
        awaitBlocked(joiner1);
        awaitBlocked(joiner2);

        queue.taskDone();
        assertThat(joined.await(SHORT.toNanos(), TimeUnit.NANOSECONDS)).as("every joiner released").isTrue();
    }

    @Test
    void join_withTimeout_whenTasksUnfinished_expiresAndReturnsFalse() throws InterruptedException {
        WorkQueue<String> queue = unbounded();
        queue.put("a");
        queue.take();
        long start = System.nanoTime();
        assertThat(queue.join(EXPIRY)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(EXPIRY);
        assertThat(queue.join(Duration.ZERO)).isFalse();
        queue.taskDone();
        assertThat(queue.join(Duration.ZERO)).isTrue();
    }

    // ---------------------------------------------------------------- close

    @Test
    void close_thenPut_throwsQueueClosed() {
        WorkQueue<String> queue = bounded(2);
        queue.close();
        assertThat(queue.isClosed()).isTrue();
        assertThatThrownBy(() -> queue.put("a")).isInstanceOf(QueueClosedException.class);
        assertThatThrownBy(() -> queue.offer("a")).isInstanceOf(QueueClosedException.class);
        assertThatThrownBy(() -> queue.offer("a", SHORT)).isInstanceOf(QueueClosedException.class);
        assertThat(queue.size()).isZero();
        assertThat(queue.unfinishedTasks()).isZero();
    }

    @Test
    void isClosed_onNewQueue_isFalse() {
        assertThat(unbounded().isClosed()).isFalse();
    }

    @Test
    void close_calledTwice_isIdempotent() throws InterruptedException {
        WorkQueue<String> queue = unbounded();
        queue.put("a");
        queue.close();
        queue.close();
        assertThat(queue.isClosed()).isTrue();
        assertThat(queue.take()).isEqualTo("a");
    }

    @Test
    void close_whileProducerBlockedInPut_wakesItWithQueueClosed() throws InterruptedException {
        WorkQueue<String> queue = bounded(1);
        queue.put("a");
        Thread putter = threads.start("putter", () ->
                assertThatThrownBy(() -> queue.put("b")).isInstanceOf(QueueClosedException.class));
        Thread offerer = threads.start("offerer", () ->
                assertThatThrownBy(() -> queue.offer("c", TestTimeouts.LONG)).isInstanceOf(QueueClosedException.class));
        awaitBlocked(putter);
        awaitBlocked(offerer);

        queue.close();

        threads.joinAll(SHORT);
        assertThat(queue.size()).as("woken producers added nothing").isEqualTo(1);
        assertThat(queue.unfinishedTasks()).isEqualTo(1);
        assertThat(queue.take()).isEqualTo("a");
    }

    @Test
    void close_withItemsLeft_takersDrainThenSeeQueueClosed() throws InterruptedException {
        WorkQueue<String> queue = unbounded();
        queue.put("a");
        queue.put("b");
        queue.put("c");
        queue.close();
        assertThat(queue.take()).isEqualTo("a");
        assertThat(queue.poll()).isEqualTo("b");
        assertThat(queue.poll(SHORT)).isEqualTo("c");
        assertThatThrownBy(queue::take).isInstanceOf(QueueClosedException.class);
        assertThatThrownBy(queue::poll).isInstanceOf(QueueClosedException.class);
        assertThatThrownBy(() -> queue.poll(SHORT)).isInstanceOf(QueueClosedException.class);
        assertThat(queue.unfinishedTasks()).as("close does not mark anything done").isEqualTo(3);
    }

    @Test
    void close_whileTakerBlockedOnEmptyQueue_wakesItWithQueueClosed() throws InterruptedException {
        WorkQueue<String> queue = unbounded();
        Thread taker = threads.start("taker", () ->
                assertThatThrownBy(queue::take).isInstanceOf(QueueClosedException.class));
        Thread poller = threads.start("poller", () ->
                assertThatThrownBy(() -> queue.poll(TestTimeouts.LONG)).isInstanceOf(QueueClosedException.class));
        awaitBlocked(taker);
        awaitBlocked(poller);

        queue.close();

        threads.joinAll(SHORT);
    }

    @Test
    void close_withTasksUnfinished_doesNotReleaseJoin() throws InterruptedException {
        WorkQueue<String> queue = unbounded();
        queue.put("a");
        queue.close();
        assertThat(queue.join(EXPIRY)).isFalse();
        queue.take();
        queue.taskDone();
        assertThat(queue.join(Duration.ZERO)).isTrue();
    }

    // ---------------------------------------------------------------- closeNow

    @Test
    void closeNow_withPendingItems_returnsThemInOrderAndEmptiesQueue() throws InterruptedException {
        WorkQueue<String> queue = bounded(4);
        queue.put("a");
        queue.put("b");
        queue.put("c");
        assertThat(queue.take()).isEqualTo("a");

        assertThat(queue.closeNow()).containsExactly("b", "c");

        assertThat(queue.isClosed()).isTrue();
        assertThat(queue.size()).isZero();
        assertThat(queue.unfinishedTasks()).as("only the taken item is unfinished").isEqualTo(1);
        assertThatThrownBy(queue::take).isInstanceOf(QueueClosedException.class);
        assertThatThrownBy(() -> queue.put("d")).isInstanceOf(QueueClosedException.class);
    }

    @Test
    void closeNow_onEmptyQueue_returnsEmptyList() {
        WorkQueue<String> queue = unbounded();
        assertThat(queue.closeNow()).isEmpty();
        assertThat(queue.closeNow()).as("second call").isEmpty();
        assertThat(queue.isClosed()).isTrue();
    }

    @Test
    void closeNow_afterClose_stillRemovesPendingItems() throws InterruptedException {
        WorkQueue<String> queue = unbounded();
        queue.put("a");
        queue.close();
        assertThat(queue.closeNow()).containsExactly("a");
        assertThat(queue.unfinishedTasks()).isZero();
    }

    @Test
    void closeNow_whenNoItemTaken_releasesJoin() throws InterruptedException {
        WorkQueue<String> queue = unbounded();
        queue.put("a");
        queue.put("b");
        CountDownLatch joined = new CountDownLatch(1);
        Thread joiner = threads.start("joiner", () -> {
            queue.join();
            joined.countDown();
        });
        awaitBlocked(joiner);

        assertThat(queue.closeNow()).containsExactly("a", "b");

        assertThat(joined.await(SHORT.toNanos(), TimeUnit.NANOSECONDS)).as("join released").isTrue();
        assertThat(queue.unfinishedTasks()).isZero();
    }

    @Test
    void closeNow_withTakenItemsUnfinished_joinWaitsForTheirTaskDone() throws InterruptedException {
        WorkQueue<String> queue = unbounded();
        queue.put("a");
        queue.put("b");
        queue.put("c");
        queue.take();
        queue.take();
        CountDownLatch joined = new CountDownLatch(1);
        Thread joiner = threads.start("joiner", () -> {
            queue.join();
            joined.countDown();
        });
        awaitBlocked(joiner);

        assertThat(queue.closeNow()).containsExactly("c");
        assertThat(queue.unfinishedTasks()).isEqualTo(2);
        queue.taskDone();
        assertThat(joined.getCount()).as("join returned with one taken item unfinished").isEqualTo(1);

        queue.taskDone();
        assertThat(joined.await(SHORT.toNanos(), TimeUnit.NANOSECONDS)).as("join released").isTrue();
    }

    @Test
    void taskDone_afterCloseNow_acceptsOnlyTakenItems() throws InterruptedException {
        WorkQueue<String> queue = unbounded();
        queue.put("a");
        queue.put("b");
        queue.put("c");
        queue.take();
        assertThat(queue.closeNow()).containsExactly("b", "c");

        queue.taskDone();

        assertThat(queue.unfinishedTasks()).isZero();
        assertThatThrownBy(queue::taskDone)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("3 put")
                .hasMessageContaining("1 already marked done")
                .hasMessageContaining("2 removed");
        assertThat(queue.unfinishedTasks()).isZero();
        assertThat(queue.join(Duration.ZERO)).isTrue();
    }

    @Test
    void closeNow_whileProducerAndTakerBlocked_wakesBothWithQueueClosed() throws InterruptedException {
        WorkQueue<String> full = bounded(1);
        WorkQueue<String> empty = bounded(1);
        full.put("a");
        Thread putter = threads.start("putter", () ->
                assertThatThrownBy(() -> full.put("b")).isInstanceOf(QueueClosedException.class));
        Thread taker = threads.start("taker", () ->
                assertThatThrownBy(empty::take).isInstanceOf(QueueClosedException.class));
        awaitBlocked(putter);
        awaitBlocked(taker);

        assertThat(full.closeNow()).containsExactly("a");
        assertThat(empty.closeNow()).isEmpty();

        threads.joinAll(SHORT);
        assertThat(full.unfinishedTasks()).isZero();
    }

    // ---------------------------------------------------------------- iteration

    @Test
    void iterator_yieldsItemsInOrderAndEndsOnClose() throws InterruptedException {
        WorkQueue<Integer> queue = bounded(2);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        threads.start("consumer", () -> {
            for (Integer item : queue) {
                seen.add(item);
                queue.taskDone();
            }
        });
        for (int i = 0; i < 20; i++) {
            queue.put(i);
        }
        queue.join();
        queue.close();
        threads.joinAll(SHORT);
        assertThat(seen).containsExactlyElementsOf(range(20));
    }

    @Test
    void iterator_afterEnd_hasNextFalseAndNextThrows() throws InterruptedException {
        WorkQueue<String> queue = unbounded();
        queue.put("a");
        queue.close();
        Iterator<String> it = queue.iterator();
        assertThat(it.hasNext()).isTrue();
        assertThat(it.hasNext()).as("hasNext twice takes once").isTrue();
        assertThat(it.next()).isEqualTo("a");
        assertThat(it.hasNext()).isFalse();
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void iterator_interruptedWhileWaiting_throwsIllegalStateAndRestoresFlag() throws InterruptedException {
        WorkQueue<String> queue = unbounded();
        Thread consumer = threads.start("consumer", () -> {
            Iterator<String> it = queue.iterator();
            assertThatThrownBy(it::hasNext)
                    .isInstanceOf(IllegalStateException.class)
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag restored").isTrue();
            assertThat(it.hasNext()).as("the iteration has ended").isFalse();
        });
        awaitBlocked(consumer);
        consumer.interrupt();
        threads.joinAll(SHORT);
    }

    // ---------------------------------------------------------------- interrupts

    @Test
    void put_interruptedWhileBlocked_throwsInterruptedAndAddsNothing() throws InterruptedException {
        WorkQueue<String> queue = bounded(1);
        queue.put("a");
        Thread producer = threads.start("producer", () ->
                assertThatThrownBy(() -> queue.put("b")).isInstanceOf(InterruptedException.class));
        Thread offerer = threads.start("offerer", () ->
                assertThatThrownBy(() -> queue.offer("c", TestTimeouts.LONG)).isInstanceOf(InterruptedException.class));
        awaitBlocked(producer);
        awaitBlocked(offerer);
        producer.interrupt();
        offerer.interrupt();
        threads.joinAll(SHORT);

        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.unfinishedTasks()).isEqualTo(1);
        assertThat(queue.take()).isEqualTo("a");
        assertThat(queue.offer("d")).as("room after take").isTrue();
        assertThat(queue.take()).isEqualTo("d");
        assertThat(queue.poll()).isNull();
    }

    @Test
    void take_interruptedWhileBlocked_throwsInterruptedAndLosesNoItem() throws InterruptedException {
        WorkQueue<String> queue = unbounded();
        Thread interrupted = threads.start("interrupted-taker", () ->
                assertThatThrownBy(queue::take).isInstanceOf(InterruptedException.class));
        Thread interruptedPoller = threads.start("interrupted-poller", () ->
                assertThatThrownBy(() -> queue.poll(TestTimeouts.LONG)).isInstanceOf(InterruptedException.class));
        Thread survivor = threads.start("taker", () -> assertThat(queue.take()).isEqualTo("a"));
        awaitBlocked(interrupted);
        awaitBlocked(interruptedPoller);
        awaitBlocked(survivor);
        interrupted.interrupt();
        interruptedPoller.interrupt();
        interrupted.join(SHORT);
        interruptedPoller.join(SHORT);

        queue.put("a");

        threads.joinAll(SHORT);
        assertThat(queue.size()).isZero();
        assertThat(queue.unfinishedTasks()).isEqualTo(1);
    }

    @Test
    void join_interruptedWhileWaiting_throwsInterrupted() throws InterruptedException {
        WorkQueue<String> queue = unbounded();
        queue.put("a");
        Thread joiner = threads.start("joiner", () ->
                assertThatThrownBy(queue::join).isInstanceOf(InterruptedException.class));
        awaitBlocked(joiner);
        joiner.interrupt();
        threads.joinAll(SHORT);
        assertThat(queue.unfinishedTasks()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- helpers

    /** A bounded queue whose invariants are checked after the test. */
    protected final <T> WorkQueue<T> bounded(int capacity) {
        WorkQueue<T> queue = newQueue(capacity);
        queues.add(queue);
        return queue;
    }

    /** An unbounded queue whose invariants are checked after the test. */
    protected final <T> WorkQueue<T> unbounded() {
        return bounded(Integer.MAX_VALUE);
    }

    /**
     * Waits, up to {@link TestTimeouts#SHORT}, until {@code thread} is parked (waiting or timed waiting);
     * fails if it ends or is still runnable at the deadline.
     */
    protected static void awaitBlocked(Thread thread) {
        long deadline = System.nanoTime() + SHORT.toNanos();
        while (true) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                return;
            }
            if (state == Thread.State.TERMINATED) {
                throw new AssertionError("thread " + thread.getName() + " ended instead of blocking");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("thread " + thread.getName() + " did not block within " + SHORT
                        + "; state " + state);
            }
            Thread.yield();
        }
    }

    private static List<Integer> range(int n) {
        List<Integer> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }
}
