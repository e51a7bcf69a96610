package dev.spool.launch;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.spool.internal.Durations;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A running (or finished) job started by {@link PosixSpawnLauncher}: the leader of its own process group,
 * whose process-group id equals its pid.
 *
 * <p><b>Reaping.</b> The job stays a zombie until it is waited for: call {@link #waitFor()} (or poll
 * {@link #exitStatus()}) once it may have ended. Only this object reaps the job, with
 * {@code waitpid(pid)} on its own pid, never {@code waitpid(-1)}, so the JDK's own process reaper is
 * unaffected. Do not call {@code ProcessHandle.of(pid).onExit()} on a job: the JDK would then reap it, and
 * this object reports that as an {@link IllegalStateException}.
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread at any time: several threads may
 * wait while others signal. A signal is never sent to a recycled pid: {@link #signal} only signals while
 * the job is not yet reaped (its pid cannot be reused until then). {@link #signalGroup} still signals the
 * group after the leader was reaped, as long as any member is alive (its id stays reserved meanwhile).
 * Waiting blocks the calling thread in native code; from a virtual thread it pins the carrier, so wait on
 * platform threads. The pipe streams follow {@link InputStream}/{@link OutputStream}: one reader or writer
 * at a time each; {@code close} from any thread.
 */
public final class LaunchedJob {

    /* Implementation notes
     *
     * Reaping and signalling the pid are serialised by `lock`: while it is held and `status` is null,
     * the pid names our unreaped child (a zombie at worst), so kill(pid) cannot hit a recycled pid.
     * Waiting itself happens outside the lock, so a waiter never delays a signaller:
     *
     *   waitFor: under the lock, try waitpid(pid, WNOHANG); if still running, open a pidfd for it (the
     *   pid is still ours, so the pidfd names our child), release the lock, poll(pidfd, POLLIN) in slices
     *   of at most WAIT_SLICE (the pidfd becomes readable when the process exits; slicing lets the wait
     *   notice Thread.interrupt), then retake the lock and reap with WNOHANG. Each waiting call owns its
     *   pidfd and closes it, so concurrent waiters never close a descriptor another one polls.
     *
     *   Without pidfd_open (glibc < 2.36 or kernel < 5.3: ENOSYS), the wait polls waitpid(WNOHANG) with
     *   a backoff from 1 ms to 50 ms instead; latency then is up to 50 ms.
     *
     * ECHILD from waitpid means someone else reaped our child (see the class doc): reported as an
     * IllegalStateException rather than invented as an exit status. */

    private static final long WAIT_SLICE_MILLIS = 100;
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** False to force the polling fallback (tests); otherwise true until pidfd_open reports ENOSYS. */
    static volatile boolean pidfdSupported = Libc.hasPidfdOpen();

    private final int pid;
    private final String command;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;

    /** Guards reaping and signalling the pid; see the implementation notes. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Null until reaped; written once, under {@code lock}. */
    private volatile ExitStatus status;

    LaunchedJob(int pid, String command, OutputStream stdin, InputStream stdout, InputStream stderr) {
        this.pid = pid;
        this.command = command;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The job's process id. */
    public int pid() {
        return pid;
    }

    /** The job's process-group id: always equal to {@link #pid()}. */
    public int pgid() {
        return pid;
    }

    /** {@code argv[0]}, for messages. */
    public String command() {
        return command;
    }

    /** The parent's end of the job's stdin pipe; close it to give the job end-of-file. */
    public OutputStream stdin() {
        return requirePipe(stdin, "stdin");
    }

    /**
     * The parent's end of the job's stdin pipe as a channel that writes direct buffers and file ranges
     * without copying them through the Java heap; the same pipe as {@link #stdin()} (use one or the other).
     */
    public JobStdin stdinChannel() {
        return (JobStdin) requirePipe(stdin, "stdin");
    }

    /** The parent's end of the job's stdout pipe. */
    public InputStream stdout() {
        return requirePipe(stdout, "stdout");
    }

    /** The parent's end of the job's stderr pipe. */
    public InputStream stderr() {
        return requirePipe(stderr, "stderr");
    }

    /**
     * Waits until the job's process ends and returns how it ended; returns at once if it already has.
     *
     * @throws InterruptedException if the thread is interrupted while waiting (noticed within about 100 ms)
     * @throws IllegalStateException if someone else reaped the process
     */
    public ExitStatus waitFor() throws InterruptedException {
        return waitFor(Duration.ofNanos(Long.MAX_VALUE)).orElseThrow();
    }

    /**
     * Waits at most {@code timeout} for the job's process to end.
     *
     * @return how it ended, or empty if it is still running after {@code timeout}
     * @throws InterruptedException if the thread is interrupted while waiting (noticed within about 100 ms)
     * @throws IllegalStateException if someone else reaped the process
     */
    public Optional<ExitStatus> waitFor(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long timeoutNanos = Durations.toNanosSaturated(timeout);
        int pidfd;
        lock.lock();
        try {
            ExitStatus s = tryReapLocked();
            if (s != null || timeoutNanos <= 0) {
                return Optional.ofNullable(s);
            }
            pidfd = openPidfdLocked();
        } finally {
            lock.unlock();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = Libc.newCallState(arena);
            MemorySegment pollfd = arena.allocate(8, 4);
            long backoff = TimeUnit.MILLISECONDS.toNanos(1);
            while (true) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted waiting for " + this);
                }
                long left = timeoutNanos - (System.nanoTime() - start);
                if (left > 0) {
                    if (pidfd >= 0) {
                        pollOnce(pollfd, callState, pidfd, Math.min(WAIT_SLICE_MILLIS, ceilMillis(left)));
                    } else {
                        long nap = Math.min(backoff, left);
                        TimeUnit.NANOSECONDS.sleep(nap);
                        backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
                    }
                }
                ExitStatus s = exitStatus().orElse(null);
                if (s != null) {
                    return Optional.of(s);
                }
                if (left <= 0) {
                    return Optional.empty();
                }
            }
        } finally {
            try (Arena arena = Arena.ofConfined()) {
                Libc.closeQuietly(pidfd, Libc.newCallState(arena));
            }
        }
    }

    /** How the job ended, reaping it if it just did; empty while it runs. Never blocks (beyond the lock). */
    public Optional<ExitStatus> exitStatus() {
        ExitStatus s = status;
        if (s != null) {
            return Optional.of(s);
        }
        lock.lock();
        try {
            return Optional.ofNullable(tryReapLocked());
        } finally {
            lock.unlock();
        }
    }

    /** Whether the job's process is still running (reaps it if it just ended). */
    public boolean isAlive() {
        return exitStatus().isEmpty();
    }

    /**
     * Sends signal {@code sig} to the job's process only.
     *
     * @return true if sent, false if the job had already been reaped (nothing is sent then)
     * @throws IllegalArgumentException if {@code sig} is not a valid signal number
     */
    public boolean signal(int sig) {
        lock.lock();
        try {
            if (status != null) {
                return false;
            }
            return kill(pid, sig);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends signal {@code sig} to every process in the job's process group ({@code kill(-pgid, sig)}):
     * the job and every descendant that did not leave the group.
     *
     * @return true if the kernel found at least one member (unreaped zombies count), false if the group
     *         is empty (not an error)
     * @throws IllegalArgumentException if {@code sig} is not a valid signal number
     */
    public boolean signalGroup(int sig) {
        lock.lock();
        try {
            return kill(-pid, sig);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether any process in the job's group still runs. Zombies do not count: a member that died but
     * was not reaped yet (the job itself before {@link #waitFor}, or an orphaned descendant awaiting
     * PID 1) can do nothing more. Costs a scan of {@code /proc} whenever the group still has members.
     */
    public boolean groupAlive() {
        return signalGroup(0) && ProcessGroupScan.hasLiveMember(pid);
    }

    @Override
    public String toString() {
        ExitStatus s = status;
        return "job " + pid + " (" + command + (s == null ? "" : ", " + s) + ")";
    }

    private ExitStatus tryReapLocked() {
        assert lock.isHeldByCurrentThread();
        ExitStatus s = status;
        if (s != null) {
            return s;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = Libc.newCallState(arena);
            MemorySegment wstatus = arena.allocate(JAVA_INT);
            while (true) {
                int r = Libc.waitpid(callState, pid, wstatus, Libc.WNOHANG);
                if (r == pid) {
                    s = ExitStatus.fromWaitStatus(wstatus.get(JAVA_INT, 0));
                    status = s;
                    return s;
                }
                if (r == 0) {
                    return null;
                }
                int errno = Libc.errno(callState);
                if (errno == Libc.EINTR) {
                    continue;
                }
                throw new IllegalStateException("cannot wait for " + this + (errno == Libc.ECHILD
                        ? ": it was reaped by someone else (ProcessHandle.onExit on its pid?)" : "")
                        + ": " + Libc.describe(errno));
            }
        } catch (Throwable t) {
            throw Libc.unchecked(t);
        }
    }

    /** A pidfd for our unreaped child, or -1 if pidfds are unsupported here. */
    private int openPidfdLocked() {
        assert lock.isHeldByCurrentThread() && status == null;
        if (!pidfdSupported) {
            return -1;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = Libc.newCallState(arena);
            int fd = Libc.pidfd_open(callState, pid, 0);
            if (fd >= 0) {
                return fd;
            }
            int errno = Libc.errno(callState);
            if (errno == Libc.ENOSYS) {
                pidfdSupported = false;
                return -1;
            }
            // EMFILE and the like: fall back to polling for this wait rather than fail it.
            return -1;
        } catch (Throwable t) {
            throw Libc.unchecked(t);
        }
    }

    private static void pollOnce(MemorySegment pollfd, MemorySegment callState, int pidfd, long millis) {
        pollfd.set(JAVA_INT, 0, pidfd);
        pollfd.set(JAVA_SHORT, 4, Libc.POLLIN);
        pollfd.set(JAVA_SHORT, 6, (short) 0);
        try {
            // EINTR or a spurious wake-up simply ends this slice; the caller reaps or loops.
            int ignored = Libc.poll(callState, pollfd, 1L, (int) millis);
        } catch (Throwable t) {
            throw Libc.unchecked(t);
        }
    }

    private boolean kill(int target, int sig) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = Libc.newCallState(arena);
            int r = Libc.kill(callState, target, sig);
            if (r == 0) {
                return true;
            }
            int errno = Libc.errno(callState);
            return switch (errno) {
                case Libc.ESRCH -> false;
                case Libc.EPERM -> {
                    if (sig == 0) {
                        yield true; // a member we may not signal still exists
                    }
                    throw new IllegalStateException("kill(" + target + ", " + sig + ") for " + this
                            + " failed: " + Libc.describe(errno));
                }
                case 22 /* EINVAL */ -> throw new IllegalArgumentException("invalid signal number " + sig);
                default -> throw new IllegalStateException("kill(" + target + ", " + sig + ") for " + this
                        + " failed: " + Libc.describe(errno));
            };
        } catch (Throwable t) {
            throw Libc.unchecked(t);
        }
    }

    private static <T> T requirePipe(T stream, String name) {
        if (stream == null) {
            throw new IllegalStateException(name + " of this job is not Redirect.PIPE");
        }
        return stream;
    }

    private static long ceilMillis(long nanos) {
        return (nanos + 999_999) / 1_000_000;
    }
}
