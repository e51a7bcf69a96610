package dev.spool.cli.run;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Watches the free space of the file system where grouped output waits (the capture directory, $TMPDIR),
 * so that a job whose output could not all be written there is known.
 *
 * <p>A job writes straight into its capture file, so spool never sees the job's failed writes. What it
 * can see is the file system being full: it checks the free space at {@linkplain #checkpoint() checkpoints}
 * (when a job ends, and around every release of captured output), and counts the checkpoints that found it
 * (nearly) full. A job whose run saw that count rise ({@link #sawFull(long, long)}) may have lost output:
 * it is reported, never printed as a success.
 *
 * <p>The blind spot: space that another program frees (a job deleting its own temporary files in
 * $TMPDIR) between a failed write and the next checkpoint hides the failure. Space that spool frees
 * cannot hide one (on tmpfs; elsewhere, but for a window of microseconds): see the implementation notes.
 *
 * <p>Threads: any; checkpoints and releases are serialized by one lock.
 */
final class CaptureSpace {

    /*
     * Implementation notes.
     *
     * Between two moments when spool frees capture space, free space only shrinks (jobs write; ignoring
     * other programs). So the free space measured at a checkpoint is the lowest it has been since the
     * previous one, provided no free happened in between. Every free by spool goes through release(),
     * under the lock, which checkpoints just before the free (covering the time up to it) and once more
     * just after. For the microseconds between the first measure and the free, the lowest free space was
     * at least (free after) - (bytes freed); release() checks that too on tmpfs, where freed pages show at
     * once and exactly. (On other file systems freed blocks may show later, which would make that bound a
     * false alarm: there, a fill within those microseconds is the second blind spot.)
     *
     * "Full" is less than FULL_BELOW bytes free: a failed write leaves less than a block free on tmpfs,
     * ext4 and xfs; the margin covers larger blocks and rounding. A false alarm needs the file system to be
     * within that margin of full anyway. Free space is what this process may use: f_bfree with
     * CAP_SYS_RESOURCE (which may use ext4's reserved blocks), else f_bavail.
     */

    /** Less free space than this means full: a write may have failed. */
    static final long FULL_BELOW = 64 << 10;

    /** The bit of CAP_SYS_RESOURCE in /proc/self/status's CapEff. */
    private static final int CAP_SYS_RESOURCE = 24;

    private final Path dir;
    private final ReentrantLock lock = new ReentrantLock();
    /** The file system of {@code dir}, found at the first checkpoint; guarded by lock. */
    private FileStore store;
    /** Whether this process may use the blocks reserved for privileged ones; guarded by lock. */
    private boolean privileged;
    /** The file system's block size, read once (each FileStore query is a statvfs call); guarded by lock. */
    private long blockSize;
    /** Whether freed space shows at once and exactly (tmpfs); guarded by lock. */
    private boolean exactFrees;
    /** How many checkpoints found the file system full; guarded by lock. */
    private long timesFull;

    /** Watches the file system of {@code dir}, which must exist by the first checkpoint. */
    CaptureSpace(Path dir) {
        this.dir = dir;
    }

    /** How many checkpoints so far found the file system full: take it before a job starts. */
    long timesFull() {
        lock.lock();
        try {
            return timesFull;
        } finally {
            lock.unlock();
        }
    }

    /** Checks the free space now; returns {@link #timesFull()} after the check. */
    long checkpoint() throws IOException {
        lock.lock();
        try {
            checkLocked(0);
            return timesFull;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the file system was seen full between {@code before} and {@code after}, two counts taken
     * with {@link #timesFull()} when a job started and {@link #checkpoint()} when it ended.
     */
    static boolean sawFull(long before, long after) {
        return after != before;
    }

    /**
     * Frees capture space ({@code free} empties or closes a capture file of {@code bytes} bytes), with a
     * checkpoint before and after.
     */
    void release(long bytes, IoAction free) throws IOException {
        lock.lock();
        try {
            checkLocked(0);
            free.run();
            checkLocked(bytes);
        } finally {
            lock.unlock();
        }
    }

    /** The directory watched: where captured output waits. */
    Path dir() {
        return dir;
    }

    private void checkLocked(long justFreed) throws IOException {
        assert lock.isHeldByCurrentThread();
        if (store == null) {
            store = Files.getFileStore(dir);
            privileged = hasCapability(CAP_SYS_RESOURCE);
            exactFrees = store.type().equals("tmpfs");
            blockSize = Math.max(1, store.getBlockSize());
        }
        if (justFreed > 0 && !exactFrees) {
            return;
        }
        long free = privileged ? store.getUnallocatedSpace() : store.getUsableSpace();
        // blocks freed: the bytes rounded up, and one more for the file's own bookkeeping
        long freed = justFreed == 0 ? 0 : (justFreed + blockSize - 1) / blockSize * blockSize + blockSize;
        if (free - freed < FULL_BELOW) {
            timesFull++;
        }
    }

    private static boolean hasCapability(int bit) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) >>> bit & 1) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no such line: count only what an unprivileged process may use
        }
        return false;
    }

    /** Something that frees space and may fail. */
    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }
}
