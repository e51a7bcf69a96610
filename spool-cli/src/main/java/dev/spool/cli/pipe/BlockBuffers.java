package dev.spool.cli.pipe;

import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded set of reusable native buffers for blocks of stdin: at most {@code max} exist at once, so a
 * reader faster than its jobs waits for one to come back instead of filling memory. A buffer comes back
 * when its last user ({@link Buffer#release}) lets go: the reader, and each block cut from it. {@link #close}
 * (a stop) wakes a waiting reader, which then reads no more.
 */
public final class BlockBuffers implements AutoCloseable {

    /*
     * Implementation notes. Buffers are native memory from an arena of their own, freed when a buffer is
     * too small for the next use (the block size grew) or the set is closed with it idle, not by the GC:
     * -Xmx and MaxDirectMemorySize do not bound them, `max` does. `lock` guards `idle`, `count` and
     * `closed`; a Buffer's user count is atomic, and only the release that brings it to 0 touches the set.
     */

    private final int max;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition returned = lock.newCondition();
    /** Buffers no one uses; guarded by lock. */
    private final ArrayDeque<Buffer> idle = new ArrayDeque<>();
    /** Buffers in existence, idle or used; guarded by lock. */
    private int count;
    /** Guarded by lock. */
    private boolean closed;

    /** A set of at most {@code max} buffers, at least 2. */
    public BlockBuffers(int max) {
        if (max < 2) {
            throw new IllegalArgumentException("max must be >= 2, got " + max);
        }
        this.max = max;
    }

    /** Thrown by {@link #take} once the set is closed. */
    public static final class ClosedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClosedException() {
            super("stopped", null, false, false);
        }
    }

    /**
     * A buffer of at least {@code capacity} bytes, used once by the caller; waits for one to come back
     * if {@code max} are in use.
     *
     * @throws ClosedException if the set is closed, before or while waiting
     */
    public Buffer take(int capacity) {
        Buffer tooSmall = null;
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new ClosedException();
                }
                Buffer b = idle.pollFirst();
                if (b != null && b.memory.capacity() >= capacity) {
                    b.users.set(1);
                    return b;
                }
                if (b != null) {
                    count--;
                    tooSmall = b;
                    break;
                }
                if (count < max) {
                    break;
                }
                returned.awaitUninterruptibly();
            }
            count++;
        } finally {
            lock.unlock();
        }
        if (tooSmall != null) {
            tooSmall.arena.close();
        }
        Arena arena = Arena.ofShared();
        return new Buffer(this, arena, arena.allocate(Math.max(capacity, 1), 64).asByteBuffer());
    }

    private void giveBack(Buffer b) {
        lock.lock();
        try {
            if (!closed) {
                idle.addLast(b);
                returned.signal();
                return;
            }
            count--;
        } finally {
            lock.unlock();
        }
        b.arena.close();
    }

    /** Wakes a waiting {@link #take} and fails every later one; frees the idle buffers. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            returned.signalAll();
            idle.forEach(b -> b.arena.close());
            count -= idle.size();
            idle.clear();
        } finally {
            lock.unlock();
        }
    }

    /** One buffer and its users: it returns to the set when the last one releases it. */
    public static final class Buffer {
        private final BlockBuffers owner;
        private final Arena arena;
        private final ByteBuffer memory;
        private final AtomicInteger users = new AtomicInteger(1);

        private Buffer(BlockBuffers owner, Arena arena, ByteBuffer memory) {
            this.owner = owner;
            this.arena = arena;
            this.memory = memory;
        }

        /** The whole buffer; positions and limits are the caller's (use absolute access or slices). */
        public ByteBuffer memory() {
            return memory;
        }

        /** One more user, who must {@link #release} it. */
        public void retain() {
            users.incrementAndGet();
        }

        /** One user less; the last returns the buffer to its set. */
        public void release() {
            int left = users.decrementAndGet();
            if (left == 0) {
                owner.giveBack(this);
            } else if (left < 0) {
                throw new IllegalStateException("buffer released more often than used");
            }
        }
    }
}
