package dev.spool.cli.run;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Iterator;

/**
 * The numbers of a run's job slots ({@code {%}}, {@code $PARALLEL_JOBSLOT}), as GNU parallel gives them: a
 * job takes the slot freed longest ago, or, when none is free, a new one numbered one more than the last.
 * So slots exist only once a job needs them, and there are never more than jobs that ran at once.
 *
 * <p>With several computers ({@code -S}), each owns a range of slots, and a job goes to the computer running
 * the fewest jobs among those it may run on (the first such in {@code -S} order on a tie), as GNU parallel
 * starts one job on each computer in turn; there it takes the slot freed longest ago, else the computer's
 * lowest new one. A job restricted to some computers ({@code --hostgroups}) waits while all their slots are
 * taken.
 *
 * <p>Threads: any; one monitor guards the state.
 */
final class SlotNumbers {

    /** Freed slots, longest freed first; guarded by this. */
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    /** The highest slot number given so far; guarded by this. */
    private int highest;
    /** Each slot's computer (index 0 unused), or null for one computer. */
    private final int[] hostOf;
    /** Per computer: its slots in use; guarded by this. */
    private final int[] busy;
    /** Per computer: its first slot and its slot count. */
    private final int[] first;
    private final int[] count;
    /** Slots given out at least once; guarded by this. */
    private final BitSet created = new BitSet();

    /** Slots of one computer. */
    SlotNumbers() {
        this.hostOf = null;
        this.busy = null;
        this.first = null;
        this.count = null;
    }

    /**
     * Slots of several computers: {@code hostOf[slot]} is slot's computer, for slots 1 to {@code
     * hostOf.length - 1}; each computer's slots are consecutive. Null: one computer.
     */
    SlotNumbers(int[] hostOf) {
        this.hostOf = hostOf == null ? null : hostOf.clone();
        if (hostOf == null) {
            this.busy = null;
            this.first = null;
            this.count = null;
            return;
        }
        int hosts = 0;
        for (int slot = 1; slot < hostOf.length; slot++) {
            hosts = Math.max(hosts, hostOf[slot] + 1);
        }
        this.busy = new int[hosts];
        this.first = new int[hosts];
        this.count = new int[hosts];
        for (int slot = hostOf.length - 1; slot >= 1; slot--) {
            first[hostOf[slot]] = slot;
            count[hostOf[slot]]++;
        }
    }

    /** Takes a slot: the one freed longest ago, else a new one. Never blocks: a worker always finds one. */
    synchronized int take() {
        if (hostOf == null) {
            Integer slot = free.poll();
            return slot != null ? slot : ++highest;
        }
        int slot = choose(null);
        if (slot < 0) {
            throw new IllegalStateException("no free slot: more workers than slots");
        }
        return claim(slot);
    }

    /**
     * Takes a slot of one of the computers in {@code allowed} (indexes; null: any), waiting while all their
     * slots are taken.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    synchronized int take(BitSet allowed) throws InterruptedException {
        if (hostOf == null || allowed == null) {
            return take();
        }
        int slot;
        while ((slot = choose(allowed)) < 0) {
            wait();
        }
        return claim(slot);
    }

    /** The slot to give: on the least busy allowed computer with room; -1 when none has room. */
    private int choose(BitSet allowed) {
        int best = -1;
        for (int h = 0; h < busy.length; h++) {
            if ((allowed == null || allowed.get(h)) && busy[h] < count[h] && (best < 0 || busy[h] < busy[best])) {
                best = h;
            }
        }
        if (best < 0) {
            return -1;
        }
        for (Integer slot : free) {
            if (hostOf[slot] == best) {
                return slot;
            }
        }
        for (int slot = first[best]; slot < first[best] + count[best]; slot++) {
            if (!created.get(slot)) {
                return slot;
            }
        }
        throw new IllegalStateException("computer " + best + " has room but no slot");
    }

    private int claim(int slot) {
        for (Iterator<Integer> it = free.iterator(); it.hasNext(); ) {
            if (it.next() == slot) {
                it.remove();
                break;
            }
        }
        created.set(slot);
        highest = Math.max(highest, slot);
        busy[hostOf[slot]]++;
        return slot;
    }

    /** Gives back a slot that {@link #take()} returned. */
    synchronized void release(int slot) {
        if (slot < 1 || slot > highest || hostOf != null && !created.get(slot)) {
            throw new IllegalArgumentException("slot " + slot + " was never taken (highest: " + highest + ")");
        }
        free.add(slot);
        if (hostOf != null) {
            busy[hostOf[slot]]--;
            notifyAll();
        }
    }

    /** How many slots exist: the most jobs that ran at once so far. */
    synchronized int created() {
        return hostOf == null ? highest : created.cardinality();
    }
}
