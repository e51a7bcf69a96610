package dev.spool.launch;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.Objects;

/**
 * Reads an owned file descriptor (the parent's end of a job's stdout or stderr pipe) with {@code read(2)}.
 * Blocking; one reader thread at a time; {@link #close} may be called from any thread, and never closes
 * the descriptor under a read in flight (the read's end closes it).
 */
final class FdInputStream extends InputStream {

    /* Implementation notes: reads go through a native buffer owned by a shared arena (the FFM API cannot
     * pass a heap array to a blocking call without "critical", which must not block). EINTR is retried.
     * The arena is closed together with the descriptor, by the cleaner; the buffer is small. */

    private static final int BUFFER = 8192;

    private final FdHandle fd;
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment buffer = arena.allocate(BUFFER);
    private final MemorySegment callState = Libc.newCallState(arena);
    private boolean eof; // written only by the reading thread

    FdInputStream(int fd) {
        this.fd = new FdHandle(this, fd);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int descriptor = fd.acquire();
        try {
            if (eof) {
                return -1;
            }
            while (true) {
                long n = Libc.read(callState, descriptor, buffer, (long) Math.min(len, BUFFER));
                if (n > 0) {
                    MemorySegment.copy(buffer, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, b, off, (int) n);
                    return (int) n;
                }
                if (n == 0) {
                    eof = true;
                    return -1;
                }
                int errno = Libc.errno(callState);
                if (errno != Libc.EINTR) {
                    throw new IOException("read from job pipe failed: " + Libc.describe(errno));
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t, IOException.class);
        } finally {
            fd.release();
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void close() {
        fd.close();
    }
}
