package dev.spool.launch;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts jobs with one direct {@code posix_spawnp(3)} call through the Foreign Function &amp; Memory API:
 * no helper process, no shell. Linux with glibc 2.34 or later; the JVM needs
 * {@code --enable-native-access=ALL-UNNAMED} (or the module's name).
 *
 * <p>Every job:
 * <ul>
 * <li>leads a new process group ({@code setpgid(0, 0)} in the child), so {@link LaunchedJob#signalGroup}
 *     reaches its descendants;</li>
 * <li>starts with an empty signal mask and every signal at its default disposition (the JVM blocks and
 *     handles signals that a job must not inherit, and a parent may ignore SIGINT or SIGPIPE);</li>
 * <li>has exactly the descriptors 0, 1 and 2 open (as redirected by its {@link JobSpec}); nothing else
 *     of the JVM's leaks into it;</li>
 * <li>gets exactly the argument bytes of its spec; {@code argv[0]} without '/' is searched on the JVM's
 *     {@code PATH}.</li>
 * </ul>
 *
 * <p>A {@linkplain #guarded() guarded} launcher also marks each job for the {@link OrphanGuard}, which
 * kills it if the JVM dies. Launchers are stateless and thread-safe: any number of threads may launch
 * concurrently through one instance.
 */
public final class PosixSpawnLauncher {

    /* Implementation notes
     *
     * One posix_spawnattr_t is built once and shared read-only by all launches (posix_spawnp takes it
     * as const): flags SETPGROUP (pgroup 0), SETSIGMASK (empty set), SETSIGDEF (every signal 1..64,
     * see below). Per launch, in a confined arena: the argv and envp
     * arrays of C strings, and a posix_spawn_file_actions_t with, in order,
     *   for fd 0, 1, 2: addopen (NULL, files) or adddup2 (Fd, the child end of a PIPE);
     *   addchdir_np (working directory), then addclosefrom_np(3).
     * SETSIGDEF's set also has glibc's internal signals 32 and 33, written as raw bits because sigaddset
     * refuses them: otherwise glibc leaves them ignored in the job (see sharedAttributes).
     * glibc's posix_spawnp uses clone(CLONE_VM|CLONE_VFORK): the child runs the actions and execs while
     * the parent waits, and any failure in the child (an action or the exec) comes back as the return
     * value. So ENOENT may mean a missing command, a missing working directory or a missing stdin file;
     * describeFailure() tells them apart after the fact by looking at the paths (a race with a
     * concurrent rename only affects the message).
     *
     * Pipes come from pipe2(O_CLOEXEC): no job launched concurrently by another thread (or by
     * ProcessBuilder) can inherit either end; in the child, dup2 onto 0/1/2 clears CLOEXEC on the copy.
     * The child ends are closed in the parent after the spawn, whatever its result; the parent ends too
     * if it failed. Redirect paths are made absolute in the parent, so they are relative to the JVM's
     * working directory, not the job's. */

    private static final MemorySegment ATTR = sharedAttributes();
    private static final byte[] DEV_NULL = "/dev/null".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final boolean guarded;

    private PosixSpawnLauncher(boolean guarded) {
        this.guarded = guarded;
    }

    /**
     * A launcher whose jobs are killed if the JVM dies, however it dies (see {@link OrphanGuard}; the
     * guard starts its watchdog process at the first launch). The choice for anything user-facing.
     */
    public static PosixSpawnLauncher guarded() {
        return new PosixSpawnLauncher(true);
    }

    /**
     * Does now what the first launch would do: links the native calls (about 100 ms of a JVM's start) and,
     * if {@code guarded}, starts the {@link OrphanGuard}'s watchdog, so that a program can spend that time
     * on another thread while it does other start-up work. A launch waits for a preparation under way
     * rather than repeating it. A failure here is left for the first launch to report: it tries again.
     */
    public static void prepare(boolean guarded) {
        // Initialising this class initialised Libc, whose handles are the cost.
        if (guarded) {
            try {
                OrphanGuard.instance();
            } catch (RuntimeException e) {
                // no /bin/sh, or out of processes: the first guarded launch tries again and says why
            }
        }
    }

    /** A launcher whose jobs outlive the JVM if it dies while they run. */
    public static PosixSpawnLauncher unguarded() {
        return new PosixSpawnLauncher(false);
    }

    /**
     * Starts a job.
     *
     * @throws LaunchException naming the command and the C error if the job could not start; see
     *                         {@link LaunchException#isCommandNotFound()} for the shell's exit 127
     * @throws IllegalStateException if this launcher is guarded and the guard's watchdog cannot start
     */
    public LaunchedJob launch(JobSpec spec) throws LaunchException {
        return launch(spec, 0);
    }

    /**
     * Starts a job in the existing process group {@code processGroup} (0: a new group led by the job, as
     * {@link #launch(JobSpec)} does). Used to keep a pool's children in one group.
     *
     * @throws LaunchException as {@link #launch(JobSpec)}; with {@code errno} EPERM if the group no longer
     *                         exists
     * @throws IllegalArgumentException if {@code processGroup} is negative
     */
    public LaunchedJob launch(JobSpec spec, int processGroup) throws LaunchException {
        if (processGroup < 0) {
            throw new IllegalArgumentException("processGroup must be >= 0, was " + processGroup);
        }
        if (guarded) {
            spec = OrphanGuard.instance().mark(spec);
        }
        Redirect[] redirects = {spec.stdin(), spec.stdout(), spec.stderr()};
        int[] parentEnds = {-1, -1, -1};
        int[] childEnds = {-1, -1, -1};
        boolean started = false;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = Libc.newCallState(arena);
            MemorySegment actions = arena.allocate(Libc.FILE_ACTIONS_SIZE, Libc.STRUCT_ALIGN);
            check(spec, Libc.posix_spawn_file_actions_init(actions), "file actions");
            try {
                for (int target = 0; target < 3; target++) {
                    addRedirect(spec, arena, callState, actions, target, redirects[target], parentEnds, childEnds);
                }
                if (spec.directory().isPresent()) {
                    MemorySegment dir = Libc.cString(arena, pathBytes(spec.directory().get()));
                    check(spec, Libc.posix_spawn_file_actions_addchdir_np(actions, dir), "chdir");
                }
                check(spec, Libc.posix_spawn_file_actions_addclosefrom_np(actions, 3), "closefrom");

                List<byte[]> argv = spec.argvShared();
                List<MemorySegment> args = new ArrayList<>(argv.size());
                for (byte[] a : argv) {
                    args.add(Libc.cString(arena, a));
                }
                MemorySegment argvArray = NativeEnvironment.pointerArray(arena, args);
                MemorySegment envp = NativeEnvironment.envp(spec.environment(), arena);
                MemorySegment pid = arena.allocate(JAVA_INT);
                MemorySegment attr = processGroup == 0 ? ATTR : attributes(processGroup, arena);
                int rc = Libc.posix_spawnp(pid, args.get(0), actions, attr, argvArray, envp);
                if (rc != 0) {
                    throw describeFailure(spec, rc);
                }
                started = true;
                return new LaunchedJob(pid.get(JAVA_INT, 0), spec.command(),
                        parentEnds[0] < 0 ? null : (OutputStream) new FdOutputStream(parentEnds[0]),
                        parentEnds[1] < 0 ? null : (InputStream) new FdInputStream(parentEnds[1]),
                        parentEnds[2] < 0 ? null : (InputStream) new FdInputStream(parentEnds[2]));
            } finally {
                int ignored = Libc.posix_spawn_file_actions_destroy(actions);
                for (int fd : childEnds) {
                    Libc.closeQuietly(fd, callState);
                }
                if (!started) {
                    for (int fd : parentEnds) {
                        Libc.closeQuietly(fd, callState);
                    }
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t, LaunchException.class);
        }
    }

    private static void addRedirect(JobSpec spec, Arena arena, MemorySegment callState, MemorySegment actions,
                                    int target, Redirect redirect, int[] parentEnds, int[] childEnds)
            throws Throwable {
        switch (redirect) {
            case Redirect.Inherit() -> { }
            case Redirect.Null() -> check(spec, Libc.posix_spawn_file_actions_addopen(actions,
                    target, Libc.cString(arena, DEV_NULL), target == 0 ? Libc.O_RDONLY : Libc.O_WRONLY, 0), "open");
            case Redirect.FromFile(Path path) -> check(spec, Libc.posix_spawn_file_actions_addopen(
                    actions, target, Libc.cString(arena, pathBytes(path)), Libc.O_RDONLY, 0), "open");
            case Redirect.ToFile(Path path, boolean append) -> check(spec,
                    Libc.posix_spawn_file_actions_addopen(actions, target,
                            Libc.cString(arena, pathBytes(path)),
                            Libc.O_WRONLY | Libc.O_CREAT | (append ? Libc.O_APPEND : Libc.O_TRUNC), 0666), "open");
            case Redirect.Fd(int fd) -> check(spec,
                    Libc.posix_spawn_file_actions_adddup2(actions, fd, target), "dup2");
            case Redirect.Pipe() -> {
                MemorySegment fds = arena.allocate(JAVA_INT, 2);
                int r = Libc.pipe2(callState, fds, Libc.O_CLOEXEC);
                if (r != 0) {
                    throw new LaunchException(spec.command(), Libc.errno(callState), LaunchException.Cause.SYSTEM,
                            "cannot create a pipe");
                }
                int readEnd = fds.getAtIndex(JAVA_INT, 0);
                int writeEnd = fds.getAtIndex(JAVA_INT, 1);
                childEnds[target] = target == 0 ? readEnd : writeEnd;
                parentEnds[target] = target == 0 ? writeEnd : readEnd;
                check(spec, Libc.posix_spawn_file_actions_adddup2(actions, childEnds[target],
                        target), "dup2");
            }
        }
    }

    private static void check(JobSpec spec, int rc, String what) throws LaunchException {
        if (rc != 0) {
            throw new LaunchException(spec.command(), rc, LaunchException.Cause.SYSTEM, "posix_spawn " + what);
        }
    }

    /** Classifies a failed spawn; see the implementation notes on why ENOENT needs a second look. */
    private static LaunchException describeFailure(JobSpec spec, int errno) {
        String command = spec.command();
        if (spec.directory().isPresent() && !Files.isDirectory(spec.directory().get())) {
            return new LaunchException(command, errno, LaunchException.Cause.SETUP_FAILED,
                    "working directory " + spec.directory().get());
        }
        String[] names = {"stdin", "stdout", "stderr"};
        Redirect[] redirects = {spec.stdin(), spec.stdout(), spec.stderr()};
        for (int i = 0; i < 3; i++) {
            if (redirects[i] instanceof Redirect.FromFile(Path p) && !Files.isReadable(p)) {
                return new LaunchException(command, errno, LaunchException.Cause.SETUP_FAILED, "stdin from " + p);
            }
            if (redirects[i] instanceof Redirect.ToFile(Path p, boolean append) && !writable(p)) {
                return new LaunchException(command, errno, LaunchException.Cause.SETUP_FAILED,
                        names[i] + (append ? " appending to " : " to ") + p);
            }
        }
        return switch (errno) {
            case Libc.ENOENT, Libc.ENOTDIR -> new LaunchException(command, errno,
                    LaunchException.Cause.COMMAND_NOT_FOUND, "command not found");
            case Libc.EACCES, Libc.ENOEXEC, 21 /* EISDIR */, 26 /* ETXTBSY */, 40 /* ELOOP */, 36 /* ENAMETOOLONG */ ->
                    new LaunchException(command, errno, LaunchException.Cause.COMMAND_NOT_EXECUTABLE,
                            "command not executable");
            default -> new LaunchException(command, errno, LaunchException.Cause.SYSTEM, "posix_spawnp");
        };
    }

    private static boolean writable(Path p) {
        Path abs = p.toAbsolutePath();
        if (Files.exists(abs)) {
            return Files.isRegularFile(abs) ? Files.isWritable(abs) : !Files.isDirectory(abs);
        }
        Path parent = abs.getParent();
        return parent != null && Files.isDirectory(parent) && Files.isWritable(parent);
    }

    private static byte[] pathBytes(Path path) {
        return path.toAbsolutePath().toString().getBytes(JobSpec.nativeCharset());
    }

    private static MemorySegment sharedAttributes() {
        return attributes(0, Arena.global());
    }

    /** Spawn attributes: process group {@code pgroup} (0: new), empty signal mask, all signals default. */
    private static MemorySegment attributes(int pgroup, Arena arena) {
        try {
            MemorySegment attr = arena.allocate(Libc.SPAWNATTR_SIZE, Libc.STRUCT_ALIGN);
            MemorySegment empty = arena.allocate(Libc.SIGSET_SIZE, Libc.STRUCT_ALIGN);
            MemorySegment all = arena.allocate(Libc.SIGSET_SIZE, Libc.STRUCT_ALIGN);
            require(Libc.posix_spawnattr_init(attr), "posix_spawnattr_init");
            require(Libc.sigemptyset(empty), "sigemptyset");
            require(Libc.sigfillset(all), "sigfillset");
            // sigfillset leaves out glibc's internal signals 32 and 33, which glibc's spawn would then set
            // to SIG_IGN in the child, and ignored stays ignored across exec (ProcessBuilder's children
            // show this). Set their bits directly (bit n-1 of the first word) so they too get SIG_DFL.
            all.set(ValueLayout.JAVA_LONG, 0, all.get(ValueLayout.JAVA_LONG, 0) | (1L << 31) | (1L << 32));
            short flags = (short) (Libc.POSIX_SPAWN_SETPGROUP | Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF);
            require(Libc.posix_spawnattr_setflags(attr, flags), "posix_spawnattr_setflags");
            require(Libc.posix_spawnattr_setpgroup(attr, pgroup), "posix_spawnattr_setpgroup");
            require(Libc.posix_spawnattr_setsigmask(attr, empty), "posix_spawnattr_setsigmask");
            require(Libc.posix_spawnattr_setsigdefault(attr, all), "posix_spawnattr_setsigdefault");
            return attr;
        } catch (Throwable t) {
            throw Libc.unchecked(t);
        }
    }

    private static void require(int rc, String what) {
        if (rc != 0) {
            throw new IllegalStateException(what + " failed: " + Libc.describe(rc));
        }
    }
}
