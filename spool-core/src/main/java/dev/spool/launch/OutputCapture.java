package dev.spool.launch;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An anonymous temporary file that captures a job's output: pass {@link #redirect()} as the job's stdout
 * or stderr, read what it wrote after it ends, then {@link #reset()} it for the next job or {@link #close()}
 * it. The file has no name (Linux {@code O_TMPFILE}; elsewhere a name removed at once), so nothing is left
 * behind whatever happens to the JVM, and it costs no directory operations per job.
 *
 * <p>Not thread-safe: one owner at a time (a job slot, then the thread that prints the output).
 */
public final class OutputCapture implements AutoCloseable {

    /* Implementation notes. The job's descriptor is a dup of ours, so both share one file offset: after
     * the job the offset is at its end, so size() is lseek(SEEK_END), reads seek to 0 first, and reset()
     * truncates to 0 and seeks to 0 for the next job. */

    private static final int CHUNK = 1 << 16;

    private final Arena arena = Arena.ofShared(); // a spilled capture is read by another thread
    private final MemorySegment callState = Libc.newCallState(arena);
    private final MemorySegment buffer = arena.allocate(CHUNK);
    /** The file, or -1 once closed. Owned by the capture's one owner at a time (see above). */
    private int fd;

    private OutputCapture(int fd) {
        this.fd = fd;
    }

    /**
     * Creates an anonymous file in {@code dir}.
     *
     * @throws IOException naming the directory and the C error if it cannot be created
     */
    public static OutputCapture create(Path dir) throws IOException {
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment state = Libc.newCallState(temp);
            MemorySegment dirName = Libc.cString(temp, dir.toString().getBytes(JobSpec.nativeCharset()));
            int fd = Libc.open(state, dirName, Libc.O_TMPFILE | Libc.O_RDWR | Libc.O_CLOEXEC, 0600);
            if (fd >= 0) {
                return new OutputCapture(fd);
            }
            // No O_TMPFILE here (some file systems): a named file, unlinked at once.
            String name = dir.resolve(".spool-" + Long.toHexString(ThreadLocalRandom.current().nextLong())).toString();
            MemorySegment path = Libc.cString(temp, name.getBytes(JobSpec.nativeCharset()));
            fd = Libc.open(state, path,
                    Libc.O_CREAT | Libc.O_EXCL | Libc.O_RDWR | Libc.O_CLOEXEC, 0600);
            if (fd < 0) {
                throw new IOException("cannot create a temporary file in " + dir + ": "
                        + Libc.describe(Libc.errno(state)));
            }
            int ignored = Libc.unlink(state, path);
            return new OutputCapture(fd);
        } catch (Throwable t) {
            throw Libc.rethrow(t, IOException.class);
        }
    }

    /** The redirect that makes a job write into this file. */
    public Redirect redirect() {
        return Redirect.fd(fd);
    }

    /** How many bytes were written. */
    public long size() throws IOException {
        long end = seek(0, Libc.SEEK_END);
        return end;
    }

    /** The whole content; use only when {@link #size()} is small enough to hold. */
    public byte[] readAll() throws IOException {
        long size = size();
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("captured output too large to hold in memory: " + size + " bytes");
        }
        byte[] all = new byte[(int) size];
        seek(0, Libc.SEEK_SET);
        int done = 0;
        while (done < all.length) {
            int n = read(Math.min(CHUNK, all.length - done));
            if (n <= 0) {
                break;
            }
            MemorySegment.copy(buffer, JAVA_BYTE, 0, all, done, n);
            done += n;
        }
        return done == all.length ? all : java.util.Arrays.copyOf(all, done);
    }

    /** Copies the whole content to {@code out}. */
    public void transferTo(OutputStream out) throws IOException {
        seek(0, Libc.SEEK_SET);
        byte[] chunk = new byte[CHUNK];
        int n;
        while ((n = read(CHUNK)) > 0) {
            MemorySegment.copy(buffer, JAVA_BYTE, 0, chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    /** Empties the file for the next job. */
    public void reset() throws IOException {
        try {
            if (Libc.ftruncate(callState, fd, 0L) != 0) {
                throw new IOException("cannot empty a temporary file: " + Libc.describe(Libc.errno(callState)));
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t, IOException.class);
        }
        seek(0, Libc.SEEK_SET);
    }

    @Override
    public void close() {
        if (fd >= 0) {
            Libc.closeQuietly(fd, callState);
            fd = -1;
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "OutputCapture[fd " + fd + "]";
    }

    private long seek(long offset, int whence) throws IOException {
        try {
            long at = Libc.lseek(callState, fd, offset, whence);
            if (at < 0) {
                throw new IOException("cannot seek a temporary file: " + Libc.describe(Libc.errno(callState)));
            }
            return at;
        } catch (Throwable t) {
            throw Libc.rethrow(t, IOException.class);
        }
    }

    private int read(int max) throws IOException {
        try {
            while (true) {
                long n = Libc.read(callState, fd, buffer, (long) max);
                if (n >= 0) {
                    return (int) n;
                }
                if (Libc.errno(callState) != Libc.EINTR) {
                    throw new IOException("cannot read a temporary file: " + Libc.describe(Libc.errno(callState)));
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t, IOException.class);
        }
    }

}
