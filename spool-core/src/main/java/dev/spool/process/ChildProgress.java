package dev.spool.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Which task a child JVM started last, in eight bytes of memory that the child and its pool share: the
 * child writes a task's sequence number there just before it runs the task; the pool reads it after the
 * child died, to tell the tasks of a batch that ran from those that provably never started.
 *
 * <p>A file mapped by both (on {@code /dev/shm} where there is one), removed once the child has mapped it:
 * the mappings outlive the name, and a write is in the shared page the moment it is made, so a child
 * killed by SIGKILL or the OOM killer loses nothing. It costs the child one memory store per task, and the
 * pool nothing until a child dies.
 */
final class ChildProgress implements AutoCloseable {

    /* Implementation notes. The pool side is created before the child starts and names the file to it (the
     * child's --progress argument); unlink() runs after the child's handshake, by which time the child has
     * mapped it, or at close() if the child never got that far. 0 means "no task started yet": sequence
     * numbers start at 1. Reads after the child's death need no fence: the pool learns of the death
     * through the child's pipe and its exit status, after the child's last store. */

    static final String ARGUMENT = "--progress";
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private final Path file;
    private final MappedByteBuffer shared;
    /** Whether unlink() ran. Owned by the thread that closes the child (the pool's loop, or the child). */
    private boolean unlinked;

    private ChildProgress(Path file, MappedByteBuffer shared) {
        this.file = file;
        this.shared = shared;
    }

    /** The pool's side: a new shared file, for one child. */
    static ChildProgress create() {
        try {
            Path dir = Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY) ? SHARED_MEMORY
                    : Path.of(System.getProperty("java.io.tmpdir"));
            Path file = Files.createTempFile(dir, "spool-progress-", "");
            return new ChildProgress(file, map(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a process worker's progress file: " + e.getMessage(), e);
        }
    }

    /** The child's side: maps the file the pool named. */
    static ChildProgress open(Path file) throws IOException {
        return new ChildProgress(file, map(file));
    }

    private static MappedByteBuffer map(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES);
        }
    }

    Path file() {
        return file;
    }

    /** The child is about to run task {@code seq}. */
    void starting(long seq) {
        shared.putLong(0, seq);
    }

    /** The sequence number of the task the child started last; 0 if none. */
    long lastStarted() {
        return shared.getLong(0);
    }

    /** Removes the file's name; the mappings stay. Idempotent. */
    void unlink() {
        if (!unlinked) {
            unlinked = true;
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover 8-byte file in a temporary directory; nothing depends on it
            }
        }
    }

    @Override
    public void close() {
        unlink();
    }
}
