package dev.spool.launch;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One owned file descriptor that is closed exactly once: by {@link #close}, or when its owner becomes
 * unreachable. Operations in flight keep the descriptor open, so a close racing a blocked read never
 * lets the number be reused under the reader's feet: the last one out closes it.
 */
final class FdHandle implements AutoCloseable {

    /* Implementation notes: one int packs a "close requested" bit (CLOSED) and the number of operations
     * in flight. acquire() fails once CLOSED is set; whoever brings the word to exactly CLOSED (no
     * operation in flight) runs the Cleanable, which closes the descriptor; a Cleanable runs at most once,
     * whether cleaned explicitly or by the Cleaner after the owner became unreachable. Owners call
     * Reference.reachabilityFence(this) after each operation so the Cleaner cannot fire mid-call. */

    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread t = new Thread(runnable, "spool-fd-cleaner");
        t.setDaemon(true);
        return t;
    });
    private static final int CLOSED = 1 << 30;

    private final State state;
    private final Cleaner.Cleanable cleanable;

    private static final class State implements Runnable {
        final int fd;
        final AtomicInteger word = new AtomicInteger();

        State(int fd) {
            this.fd = fd;
        }

        void closeNow() {
            try (Arena arena = Arena.ofConfined()) {
                Libc.closeQuietly(fd, Libc.newCallState(arena));
            }
        }

        /** Runs once: on the last release after close, or by the Cleaner when the owner is unreachable. */
        @Override
        public void run() {
            closeNow();
        }
    }

    FdHandle(Object owner, int fd) {
        this.state = new State(fd);
        this.cleanable = CLEANER.register(owner, state);
    }

    /** The descriptor, valid until the matching {@link #release}. */
    int acquire() throws IOException {
        while (true) {
            int w = state.word.get();
            if ((w & CLOSED) != 0) {
                throw new IOException("stream closed");
            }
            if (state.word.compareAndSet(w, w + 1)) {
                return state.fd;
            }
        }
    }

    void release() {
        if (state.word.decrementAndGet() == CLOSED) {
            cleanable.clean();
        }
    }

    /** Requests the close; the descriptor is closed now, or when the last operation in flight ends. Idempotent. */
    @Override
    public void close() {
        while (true) {
            int w = state.word.get();
            if ((w & CLOSED) != 0) {
                return;
            }
            if (state.word.compareAndSet(w, w | CLOSED)) {
                if (w == 0) {
                    cleanable.clean();
                }
                return;
            }
        }
    }
}
