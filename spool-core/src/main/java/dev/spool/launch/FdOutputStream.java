package dev.spool.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes an owned file descriptor (the parent's end of a job's stdin pipe) with {@code write(2)}.
 * Unbuffered: wrap it in a {@link java.io.BufferedOutputStream} for small writes. One writer thread at a
 * time; {@link #close} may be called from any thread. Writing after the job closed its end fails with an
 * IOException ({@code EPIPE}: the JVM does not die of SIGPIPE).
 */
final class FdOutputStream extends OutputStream implements JobStdin {

    /* Implementation notes: as FdInputStream; partial writes are continued, EINTR is retried. A direct
     * ByteBuffer is written from its own memory (MemorySegment.ofBuffer); sendFile opens the file, sends
     * with sendfile(2) in calls of at most MAX_SENDFILE bytes (the kernel's own limit per call) and
     * closes it. `buffer` and `callState` are the one writer's at a time, like the stream itself. */

    /** The most that Linux's sendfile moves in one call. */
    private static final long MAX_SENDFILE = 0x7ffff000L;

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
    public int write(ByteBuffer src) throws IOException {
        int length = src.remaining();
        if (!src.isDirect()) {
            byte[] bytes = new byte[length];
            src.get(bytes);
            write(bytes, 0, length);
            return length;
        }
        MemorySegment memory = MemorySegment.ofBuffer(src);
        int descriptor = fd.acquire();
        try {
            writeFully(descriptor, memory, length);
            src.position(src.position() + length);
            return length;
        } catch (Throwable t) {
            throw Libc.rethrow(t, IOException.class);
        } finally {
            fd.release();
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(src);
        }
    }

    @Override
    public long sendFile(Path file, long position, long count) throws IOException {
        Objects.requireNonNull(file, "file");
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("position and count must be >= 0, got " + position + ", " + count);
        }
        int descriptor = fd.acquire();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = Libc.newCallState(call);
            byte[] name = file.toAbsolutePath().toString().getBytes(JobSpec.nativeCharset());
            int in = Libc.open(state, Libc.cString(call, name), Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
            if (in < 0) {
                throw new IOException("cannot open " + file + ": " + Libc.describe(Libc.errno(state)));
            }
            try {
                MemorySegment offset = call.allocate(ValueLayout.JAVA_LONG);
                offset.set(ValueLayout.JAVA_LONG, 0, position);
                long sent = 0;
                while (sent < count) {
                    long n = Libc.sendfile(state, descriptor, in, offset, Math.min(count - sent, MAX_SENDFILE));
                    if (n > 0) {
                        sent += n;
                    } else if (n == 0) {
                        break; // the file ended
                    } else if (Libc.errno(state) != Libc.EINTR) {
                        throw new IOException("sendfile to job pipe failed: " + Libc.describe(Libc.errno(state)));
                    }
                }
                return sent;
            } finally {
                Libc.closeQuietly(in, state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t, IOException.class);
        } finally {
            fd.release();
            Reference.reachabilityFence(this);
        }
    }

    /** Writes {@code length} bytes at {@code memory} to {@code descriptor}, continuing partial writes. */
    private void writeFully(int descriptor, MemorySegment memory, long length) throws IOException {
        long done = 0;
        while (done < length) {
            long n = Libc.write(callState, descriptor, memory.asSlice(done), length - done);
            if (n >= 0) {
                done += n;
                continue;
            }
            int errno = Libc.errno(callState);
            if (errno != Libc.EINTR) {
                throw new IOException("write to job pipe failed: " + Libc.describe(errno));
            }
        }
    }

    @Override
    public boolean isOpen() {
        try {
            fd.acquire();
        } catch (IOException closed) {
            return false;
        }
        fd.release();
        return true;
    }

    @Override
    public void close() {
        fd.close();
    }
}
