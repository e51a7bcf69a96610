package dev.spool.cli.run;

import java.util.ArrayDeque;

/**
 * The numbers of a run's job slots ({@code {%}}, {@code $PARALLEL_JOBSLOT}), as GNU parallel gives them: a
 * job takes the slot freed longest ago, or, when none is free, a new one numbered one more than the last.
 * So slots exist only once a job needs them, and there are never more than jobs that ran at once.
 *
 * <p>Threads: any; one monitor guards the free list.
 */
final class SlotNumbers {

    /** Freed slots, longest freed first; guarded by this. */
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    /** The highest slot number given so far; guarded by this. */
    private int highest;

    /** Takes a slot: the one freed longest ago, else a new one. Never blocks. */
    synchronized int take() {
        Integer slot = free.poll();
        return slot != null ? slot : ++highest;
    }

    /** Gives back a slot that {@link #take()} returned. */
    synchronized void release(int slot) {
        if (slot < 1 || slot > highest) {
            throw new IllegalArgumentException("slot " + slot + " was never taken (highest: " + highest + ")");
        }
        free.add(slot);
    }

    /** How many slots exist: the most jobs that ran at once so far. */
    synchronized int created() {
        return highest;
    }
}
