package dev.spool.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.util.Objects;

/**
 * Writes an owned file descriptor (the parent's end of a job's stdin pipe) with {@code write(2)}.
 * Unbuffered: wrap it in a {@link java.io.BufferedOutputStream} for small writes. One writer thread at a
 * time; {@link #close} may be called from any thread. Writing after the job closed its end fails with an
 * IOException ({@code EPIPE}: the JVM does not die of SIGPIPE).
 */
final class FdOutputStream extends OutputStream {

    /* Implementation notes: as FdInputStream; partial writes are continued, EINTR is retried. */

    private static final int BUFFER = 8192;

    private final FdHandle fd;
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment buffer = arena.allocate(BUFFER);
    private final MemorySegment callState = Libc.newCallState(arena);

    FdOutputStream(int fd) {
        this.fd = new FdHandle(this, fd);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        int descriptor = fd.acquire();
        try {
            while (len > 0) {
                int chunk = Math.min(len, BUFFER);
                MemorySegment.copy(b, off, buffer, ValueLayout.JAVA_BYTE, 0, chunk);
                int done = 0;
                while (done < chunk) {
                    long n = Libc.write(callState, descriptor, buffer.asSlice(done),
                            (long) (chunk - done));
                    if (n >= 0) {
                        done += (int) n;
                        continue;
                    }
                    int errno = Libc.errno(callState);
                    if (errno != Libc.EINTR) {
                        throw new IOException("write to job pipe failed: " + Libc.describe(errno));
                    }
                }
                off += chunk;
                len -= chunk;
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
