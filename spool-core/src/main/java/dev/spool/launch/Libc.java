package dev.spool.launch;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

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
     * Everything else (read, write, pipe2, waitpid, kill, poll, pidfd_open, close, sendfile, mkfifo) does.
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
    static final int EPIPE = 32;

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

    /*
     * One downcall shape for every function: six machine words in, one out. Linking a downcall spins
     * method-handle forms and a stub class per distinct FunctionDescriptor, at run time, on every start: the
     * AOT cache cannot hold them. With a descriptor per function this class took about 190 ms to initialise
     * (19 shapes, about 6 ms each after a first one of about 110 ms), the largest part of a one-job run's
     * start-up; with two shapes (with and without errno) it takes the first one's cost and about 6 ms more.
     *
     * It is sound for the functions below on the x86_64 System V and AArch64 procedure-call standards that
     * Linux uses: the first six integer and pointer arguments travel in registers whatever their C type,
     * a caller may set registers that the callee does not read, and an int result is the low half of the
     * result register. So each function is called with its arguments widened to 64 bits (pointers as
     * addresses) and padded with zeros, and its result narrowed back by the typed method that wraps it.
     * Nothing variadic, nothing with more than six arguments, nothing passed or returned by value in
     * floating-point registers may be added here.
     */
    private static final FunctionDescriptor SIX_WORDS = FunctionDescriptor.of(JAVA_LONG,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle PLAIN = LINKER.downcallHandle(SIX_WORDS);
    private static final MethodHandle CAPTURING = LINKER.downcallHandle(SIX_WORDS, CAPTURE_ERRNO);

    private static final MemorySegment POSIX_SPAWNP = symbol("posix_spawnp");
    private static final MemorySegment POSIX_SPAWNATTR_INIT = symbol("posix_spawnattr_init");
    private static final MemorySegment POSIX_SPAWNATTR_SETFLAGS = symbol("posix_spawnattr_setflags");
    private static final MemorySegment POSIX_SPAWNATTR_SETPGROUP = symbol("posix_spawnattr_setpgroup");
    private static final MemorySegment POSIX_SPAWNATTR_SETSIGMASK = symbol("posix_spawnattr_setsigmask");
    private static final MemorySegment POSIX_SPAWNATTR_SETSIGDEFAULT = symbol("posix_spawnattr_setsigdefault");
    private static final MemorySegment SIGEMPTYSET = symbol("sigemptyset");
    private static final MemorySegment SIGFILLSET = symbol("sigfillset");
    private static final MemorySegment FILE_ACTIONS_INIT = symbol("posix_spawn_file_actions_init");
    private static final MemorySegment FILE_ACTIONS_DESTROY = symbol("posix_spawn_file_actions_destroy");
    private static final MemorySegment FILE_ACTIONS_ADDOPEN = symbol("posix_spawn_file_actions_addopen");
    private static final MemorySegment FILE_ACTIONS_ADDDUP2 = symbol("posix_spawn_file_actions_adddup2");
    private static final MemorySegment FILE_ACTIONS_ADDCLOSEFROM = symbol("posix_spawn_file_actions_addclosefrom_np");
    private static final MemorySegment FILE_ACTIONS_ADDCHDIR = symbol("posix_spawn_file_actions_addchdir_np");
    private static final MemorySegment PIPE2 = symbol("pipe2");
    private static final MemorySegment READ = symbol("read");
    private static final MemorySegment WRITE = symbol("write");
    private static final MemorySegment CLOSE = symbol("close");
    private static final MemorySegment OPEN = symbol("open");
    private static final MemorySegment LSEEK = symbol("lseek");
    private static final MemorySegment FTRUNCATE = symbol("ftruncate");
    private static final MemorySegment UNLINK = symbol("unlink");
    private static final MemorySegment WAITPID = symbol("waitpid");
    private static final MemorySegment KILL = symbol("kill");
    private static final MemorySegment POLL = symbol("poll");
    private static final MemorySegment SENDFILE = symbol("sendfile");
    private static final MemorySegment MKFIFO = symbol("mkfifo");
    /** Null when this glibc has no {@code pidfd_open} wrapper (before 2.36). */
    private static final MemorySegment PIDFD_OPEN = LIBC.find("pidfd_open").orElse(null);
    private static final MemorySegment STRERROR = symbol("strerror");
    /** Null before glibc 2.32. */
    private static final MemorySegment STRERRORNAME_NP = LIBC.find("strerrorname_np").orElse(null);

    // posix_spawn* return the error number; they capture nothing.

    static int posix_spawnp(MemorySegment pid, MemorySegment file, MemorySegment actions, MemorySegment attr,
                            MemorySegment argv, MemorySegment envp) {
        return (int) plain(POSIX_SPAWNP, address(pid), address(file), address(actions), address(attr),
                address(argv), address(envp));
    }

    static int posix_spawnattr_init(MemorySegment attr) {
        return (int) plain(POSIX_SPAWNATTR_INIT, address(attr), 0);
    }

    static int posix_spawnattr_setflags(MemorySegment attr, short flags) {
        return (int) plain(POSIX_SPAWNATTR_SETFLAGS, address(attr), flags);
    }

    static int posix_spawnattr_setpgroup(MemorySegment attr, int pgroup) {
        return (int) plain(POSIX_SPAWNATTR_SETPGROUP, address(attr), pgroup);
    }

    static int posix_spawnattr_setsigmask(MemorySegment attr, MemorySegment sigset) {
        return (int) plain(POSIX_SPAWNATTR_SETSIGMASK, address(attr), address(sigset));
    }

    static int posix_spawnattr_setsigdefault(MemorySegment attr, MemorySegment sigset) {
        return (int) plain(POSIX_SPAWNATTR_SETSIGDEFAULT, address(attr), address(sigset));
    }

    static int sigemptyset(MemorySegment sigset) {
        return (int) plain(SIGEMPTYSET, address(sigset), 0);
    }

    static int sigfillset(MemorySegment sigset) {
        return (int) plain(SIGFILLSET, address(sigset), 0);
    }

    static int posix_spawn_file_actions_init(MemorySegment actions) {
        return (int) plain(FILE_ACTIONS_INIT, address(actions), 0);
    }

    static int posix_spawn_file_actions_destroy(MemorySegment actions) {
        return (int) plain(FILE_ACTIONS_DESTROY, address(actions), 0);
    }

    static int posix_spawn_file_actions_addopen(MemorySegment actions, int fd, MemorySegment path, int flags,
                                                int mode) {
        return (int) plain(FILE_ACTIONS_ADDOPEN, address(actions), fd, address(path), flags, mode, 0);
    }

    static int posix_spawn_file_actions_adddup2(MemorySegment actions, int fd, int newFd) {
        return (int) plain(FILE_ACTIONS_ADDDUP2, address(actions), fd, newFd);
    }

    static int posix_spawn_file_actions_addclosefrom_np(MemorySegment actions, int lowFd) {
        return (int) plain(FILE_ACTIONS_ADDCLOSEFROM, address(actions), lowFd);
    }

    static int posix_spawn_file_actions_addchdir_np(MemorySegment actions, MemorySegment path) {
        return (int) plain(FILE_ACTIONS_ADDCHDIR, address(actions), address(path));
    }

    // The rest set errno, captured in callState (see newCallState).

    static int pipe2(MemorySegment callState, MemorySegment fds, int flags) {
        return (int) capturing(PIPE2, callState, address(fds), flags, 0);
    }

    static long read(MemorySegment callState, int fd, MemorySegment buffer, long count) {
        return capturing(READ, callState, fd, address(buffer), count);
    }

    static long write(MemorySegment callState, int fd, MemorySegment buffer, long count) {
        return capturing(WRITE, callState, fd, address(buffer), count);
    }

    static int close(MemorySegment callState, int fd) {
        return (int) capturing(CLOSE, callState, fd, 0, 0);
    }

    static int open(MemorySegment callState, MemorySegment path, int flags, int mode) {
        return (int) capturing(OPEN, callState, address(path), flags, mode);
    }

    static long lseek(MemorySegment callState, int fd, long offset, int whence) {
        return capturing(LSEEK, callState, fd, offset, whence);
    }

    static int ftruncate(MemorySegment callState, int fd, long length) {
        return (int) capturing(FTRUNCATE, callState, fd, length, 0);
    }

    static int unlink(MemorySegment callState, MemorySegment path) {
        return (int) capturing(UNLINK, callState, address(path), 0, 0);
    }

    static int waitpid(MemorySegment callState, int pid, MemorySegment wstatus, int options) {
        return (int) capturing(WAITPID, callState, pid, address(wstatus), options);
    }

    static int kill(MemorySegment callState, int pid, int sig) {
        return (int) capturing(KILL, callState, pid, sig, 0);
    }

    static int poll(MemorySegment callState, MemorySegment fds, long count, int timeoutMillis) {
        return (int) capturing(POLL, callState, address(fds), count, timeoutMillis);
    }

    /** {@code sendfile(outFd, inFd, &offset, count)}: {@code offset} is one native {@code off_t}, advanced by the call. */
    static long sendfile(MemorySegment callState, int outFd, int inFd, MemorySegment offset, long count) {
        return capturing(SENDFILE, callState, outFd, inFd, address(offset), count);
    }

    static int mkfifo(MemorySegment callState, MemorySegment path, int mode) {
        return (int) capturing(MKFIFO, callState, address(path), mode, 0);
    }

    /** Whether this glibc has the {@code pidfd_open} wrapper (2.36 and later). */
    static boolean hasPidfdOpen() {
        return PIDFD_OPEN != null;
    }

    /** Only where {@link #hasPidfdOpen}. */
    static int pidfd_open(MemorySegment callState, int pid, int flags) {
        return (int) capturing(PIDFD_OPEN, callState, pid, flags, 0);
    }

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
            String text = cString(plain(STRERROR, errno, 0));
            if (STRERRORNAME_NP != null) {
                long name = plain(STRERRORNAME_NP, errno, 0);
                if (name != 0) {
                    return text + " (" + cString(name) + ")";
                }
            }
            return text + " (errno " + errno + ")";
        } catch (RuntimeException e) {
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
        if (fd >= 0) {
            close(callState, fd);
        }
    }

    /** A pointer argument: the segment must be native memory (a heap segment has no address to pass). */
    private static long address(MemorySegment segment) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("a native call needs native memory, not " + segment);
        }
        return segment.address();
    }

    /** The NUL-terminated string at {@code address}, which a C function returned. */
    private static String cString(long address) {
        return MemorySegment.ofAddress(address).reinterpret(Long.MAX_VALUE).getString(0);
    }

    private static long plain(MemorySegment function, long a, long b) {
        return plain(function, a, b, 0, 0, 0, 0);
    }

    private static long plain(MemorySegment function, long a, long b, long c) {
        return plain(function, a, b, c, 0, 0, 0);
    }

    private static long plain(MemorySegment function, long a, long b, long c, long d, long e, long f) {
        try {
            return (long) PLAIN.invokeExact(function, a, b, c, d, e, f);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    private static long capturing(MemorySegment function, MemorySegment callState, long a, long b, long c) {
        return capturing(function, callState, a, b, c, 0L);
    }

    private static long capturing(MemorySegment function, MemorySegment callState, long a, long b, long c,
                                  long d) {
        try {
            return (long) CAPTURING.invokeExact(function, callState, a, b, c, d, 0L, 0L);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError(
                "libc has no " + name + " (Spool's launcher needs Linux with glibc 2.34 or later)"));
    }
}
