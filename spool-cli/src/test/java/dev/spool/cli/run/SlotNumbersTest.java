package dev.spool.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Slot numbers: GNU parallel's numbering on one computer, and spreading over several (-S, --hostgroups). */
class SlotNumbersTest {

    /** Two computers: slots 1-2 on computer 0, slots 3-6 on computer 1. */
    private static final int[] TWO_COMPUTERS = {-1, 0, 0, 1, 1, 1, 1};

    @Test
    void oneComputer_newNumbersInOrder_thenTheSlotFreedLongestAgo() {
        SlotNumbers slots = new SlotNumbers();

        assertThat(List.of(slots.take(), slots.take(), slots.take())).containsExactly(1, 2, 3);
        slots.release(2);
        slots.release(1);
        assertThat(slots.take()).isEqualTo(2);
        assertThat(slots.created()).isEqualTo(3);
    }

    @Test
    void severalComputers_jobsGoRoundTheComputers_thenFillTheBiggest() {
        SlotNumbers slots = new SlotNumbers(TWO_COMPUTERS);

        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            taken.add(slots.take());
        }

        assertThat(taken).containsExactly(1, 3, 2, 4, 5, 6);
        slots.release(4);
        slots.release(1);
        assertThat(slots.take()).as("computer 0 runs 1 job, computer 1 runs 3: computer 0's freed slot").isEqualTo(1);
        assertThat(slots.take()).isEqualTo(4);
    }

    @Test
    void hostgroups_onlyTheAllowedComputer_andWaitsForItsSlot() throws Exception {
        SlotNumbers slots = new SlotNumbers(TWO_COMPUTERS);
        BitSet computer0 = new BitSet();
        computer0.set(0);
        assertThat(List.of(slots.take(computer0), slots.take(computer0))).containsExactly(1, 2);

        ExecutorService waiter = Executors.newSingleThreadExecutor();
        AtomicReference<Thread> thread = new AtomicReference<>();
        try {
            CompletableFuture<Integer> third = CompletableFuture.supplyAsync(() -> {
                thread.set(Thread.currentThread());
                try {
                    return slots.take(computer0);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, waiter);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (thread.get() == null || thread.get().getState() != Thread.State.WAITING) {
                assertThat(System.nanoTime()).as("the third take waits").isLessThan(deadline);
                assertThat(third).isNotDone();
                Thread.onSpinWait();
            }
            assertThat(slots.take()).as("another job still gets computer 1").isEqualTo(3);

            slots.release(2);

            assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        } finally {
            waiter.shutdownNow();
        }
    }

    @Test
    void stress_neverMoreJobsOnAComputerThanItsSlots_noSlotTwice() throws Exception {
        SlotNumbers slots = new SlotNumbers(TWO_COMPUTERS);
        AtomicIntegerArray holders = new AtomicIntegerArray(TWO_COMPUTERS.length);
        int threads = 6; // as many as slots, as the runner's workers
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(CompletableFuture.runAsync(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 20_000; i++) {
                        BitSet allowed = null;
                        if (random.nextInt(3) == 0) {
                            allowed = new BitSet();
                            allowed.set(random.nextInt(2));
                        }
                        int slot;
                        try {
                            slot = slots.take(allowed);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        if (allowed != null && !allowed.get(TWO_COMPUTERS[slot])) {
                            throw new AssertionError("slot " + slot + " is not on an allowed computer");
                        }
                        if (holders.getAndIncrement(slot) != 0) {
                            throw new AssertionError("slot " + slot + " given twice");
                        }
                        holders.decrementAndGet(slot);
                        slots.release(slot);
                    }
                }, pool));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(slots.created()).isLessThanOrEqualTo(6);
    }
}
