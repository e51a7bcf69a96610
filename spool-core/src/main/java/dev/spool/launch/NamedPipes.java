package dev.spool.launch;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/** Named pipes (FIFOs), which the JDK cannot make: {@code mkfifo(3)}. */
public final class NamedPipes {

    private static final int EEXIST = 17;

    private NamedPipes() {}

    /**
     * Creates the named pipe {@code path}, readable and writable by its owner only (mode 0600).
     *
     * @throws FileAlreadyExistsException if {@code path} exists
     * @throws IOException naming the path and the C error otherwise
     */
    public static void create(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = Libc.newCallState(arena);
            byte[] name = path.toAbsolutePath().toString().getBytes(JobSpec.nativeCharset());
            if (Libc.mkfifo(callState, Libc.cString(arena, name), 0600) != 0) {
                int errno = Libc.errno(callState);
                if (errno == EEXIST) {
                    throw new FileAlreadyExistsException(path.toString());
                }
                throw new IOException("cannot make the named pipe " + path + ": " + Libc.describe(errno));
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t, IOException.class);
        }
    }
}
