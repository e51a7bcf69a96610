package dev.spool.launch;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * The C library functions and constants the launcher calls, for Linux x86_64 with glibc 2.34 or later.
 * Every handle that can fail takes a leading "call state" segment (see {@link #newCallState}) in which
 * the linker captures {@code errno} right after the call; read it with {@link #errno}.
 */
@SuppressWarnings("restricted") // native access is this class's purpose; callers need --enable-native-access
final class Libc {

    /* Implementation notes
     *
     * Constants and sizes were read from glibc 2.36's headers on x86_64 (a throwaway C program printing
     * sizeof and the macros): posix_spawnattr_t is 336 bytes, posix_spawn_file_actions_t 80, sigset_t
     * 128. We allocate 512/256/256 bytes, aligned to 16, and only ever touch them through the *_init and
     * setter functions, so a larger future struct still fits and a smaller one costs nothing.
     *
     * posix_spawn* return the error number instead of setting errno, so they need no captured state.
     * Everything else (read, write, pipe2, waitpid, kill, poll, pidfd_open, close) does.
     *
     * pidfd_open is looked up optionally: glibc added the wrapper in 2.36. Without it (or on a kernel
     * older than 5.3, where it fails with ENOSYS) LaunchedJob falls back to polling waitpid(WNOHANG). */

    static final int POSIX_SPAWN_SETPGROUP = 0x02;
    static final int POSIX_SPAWN_SETSIGDEF = 0x04;
    static final int POSIX_SPAWN_SETSIGMASK = 0x08;

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0100;
    static final int O_TRUNC = 01000;
    static final int O_APPEND = 02000;
    static final int O_CLOEXEC = 02000000;
    static final int O_RDWR = 2;
    static final int O_EXCL = 0200;
    static final int O_TMPFILE = 020200000;
    static final int SEEK_SET = 0;
    static final int SEEK_END = 2;

    static final int WNOHANG = 1;
    static final short POLLIN = 1;

    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int EACCES = 13;
    static final int EPERM = 1;
    static final int ECHILD = 10;
    static final int ENOSYS = 38;
    static final int ENOEXEC = 8;
    static final int ENOTDIR = 20;

    static final long SPAWNATTR_SIZE = 512;
    static final long FILE_ACTIONS_SIZE = 256;
    static final long SIGSET_SIZE = 256;
    static final long STRUCT_ALIGN = 16;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final MemoryLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** The pointer-sized layout of {@code char *}, reinterpreted to reach the whole C string. */
    static final java.lang.foreign.AddressLayout C_STRING =
            ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, JAVA_BYTE));

    static final MethodHandle posix_spawnp = plain("posix_spawnp",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle posix_spawnattr_init = plain("posix_spawnattr_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle posix_spawnattr_setflags = plain("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    static final MethodHandle posix_spawnattr_setpgroup = plain("posix_spawnattr_setpgroup",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle posix_spawnattr_setsigmask = plain("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle posix_spawnattr_setsigdefault = plain("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle sigemptyset = plain("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle sigfillset = plain("sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    static final MethodHandle posix_spawn_file_actions_init = plain("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle posix_spawn_file_actions_destroy = plain("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle posix_spawn_file_actions_addopen = plain("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    static final MethodHandle posix_spawn_file_actions_adddup2 = plain("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    static final MethodHandle posix_spawn_file_actions_addclosefrom_np =
            plain("posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle posix_spawn_file_actions_addchdir_np =
            plain("posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    static final MethodHandle pipe2 = capturing("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle read = capturing("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle write = capturing("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle close = capturing("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final MethodHandle open = capturing("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    static final MethodHandle lseek = capturing("lseek",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    static final MethodHandle ftruncate = capturing("ftruncate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    static final MethodHandle unlink = capturing("unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle waitpid = capturing("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle kill = capturing("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle poll = capturing("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    /** Empty when this glibc has no {@code pidfd_open} wrapper (before 2.36). */
    static final Optional<MethodHandle> pidfd_open = LIBC.find("pidfd_open").map(address ->
            LINKER.downcallHandle(address, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO));

    private static final MethodHandle strerror = plain("strerror", FunctionDescriptor.of(C_STRING, JAVA_INT));
    private static final Optional<MethodHandle> strerrorname_np = LIBC.find("strerrorname_np").map(address ->
            LINKER.downcallHandle(address, FunctionDescriptor.of(C_STRING, JAVA_INT)));

    private Libc() {}

    /** A segment for the captured call state of one thread's calls; reuse it for as long as you like. */
    static MemorySegment newCallState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /** The {@code errno} captured by the last capturing call that used {@code callState}. */
    static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    /**
     * What a block of native calls throws, rethrown: {@code MethodHandle.invokeExact} declares {@code
     * Throwable}, but a downcall throws nothing checked, so the block can only have thrown what its own Java
     * code throws ({@code allowed}), or an unchecked exception or error; these are rethrown as they are.
     * Anything else is a bug in the linking, and becomes an AssertionError. The one catch for every native
     * call site: {@code catch (Throwable t) { throw Libc.rethrow(t, IOException.class); }}.
     */
    static <X extends Throwable> X rethrow(Throwable t, Class<X> allowed) throws X {
        if (allowed.isInstance(t)) {
            throw allowed.cast(t);
        }
        throw unchecked(t);
    }

    /** {@link #rethrow} for a block whose own code throws nothing checked. */
    static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new AssertionError("a native call threw a checked exception: " + t, t);
    }

    /** "No such file or directory (ENOENT)": the C library's text and, where known, the symbolic name. */
    static String describe(int errno) {
        try {
            String text = ((MemorySegment) strerror.invokeExact(errno)).getString(0);
            if (strerrorname_np.isPresent()) {
                MemorySegment name = (MemorySegment) strerrorname_np.get().invokeExact(errno);
                if (!name.equals(MemorySegment.NULL)) {
                    return text + " (" + name.getString(0) + ")";
                }
            }
            return text + " (errno " + errno + ")";
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** The address of the C global {@code environ} (a {@code char **} variable). */
    static MemorySegment environVariable() {
        return LIBC.find("environ").orElseThrow(() -> new UnsatisfiedLinkError("no symbol environ in libc"))
                .reinterpret(ADDRESS.byteSize());
    }

    /** Copies {@code bytes} into {@code arena} as a NUL-terminated C string. */
    static MemorySegment cString(Arena arena, byte[] bytes) {
        MemorySegment s = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, s, JAVA_BYTE, 0, bytes.length);
        s.set(JAVA_BYTE, bytes.length, (byte) 0);
        return s;
    }

    /** Closes {@code fd}, ignoring errors: used on cleanup paths where nothing better can be done. */
    static void closeQuietly(int fd, MemorySegment callState) {
        if (fd < 0) {
            return;
        }
        try {
            int ignored = (int) close.invokeExact(callState, fd);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    private static MethodHandle plain(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    private static MethodHandle capturing(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor, CAPTURE_ERRNO);
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError(
                "libc has no " + name + " (Spool's launcher needs Linux with glibc 2.34 or later)"));
    }
}
