package dev.spool.launch;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;

/**
 * Guarantees that jobs started by a {@linkplain PosixSpawnLauncher#guarded() guarded launcher} do not
 * outlive the JVM: when the JVM ends, by {@code System.exit}, a crash or {@code SIGKILL}, each such job
 * still running is killed with {@code SIGKILL} together with its process group, within well under a
 * second. This includes descendants that left the job's group (they are found by their environment),
 * unless they also removed {@code SPOOL_RUN} from it.
 *
 * <p>Consequence to know: jobs still running when the JVM exits normally are killed too. A program that
 * wants its jobs to finish must wait for them before exiting.
 *
 * <p>One guard per JVM, started at its first use; thread-safe.
 */
public final class OrphanGuard {

    /* Implementation notes
     *
     * Mechanism. At first use we create a pipe (O_CLOEXEC on both ends) and spawn, through an unguarded
     * launcher, the watchdog "/bin/sh -c SCRIPT spool-watchdog TOKEN" with the pipe's read end as its
     * stdin and /dev/null for stdout and stderr. The JVM keeps the write end open forever and never
     * writes to it. When the JVM dies, however it dies, the kernel closes the write end and the
     * watchdog's `read` sees end-of-file; the same happens on a normal exit. The watchdog then runs
     *   grep -lzxF "SPOOL_RUN=TOKEN" /proc/[0-9]*'/environ
     * (one process for the whole scan; -z reads NUL-separated entries, -x -F match the whole entry
     * literally) and sends SIGKILL to each match's process group (-pid: a job leads its own group, so
     * this catches members that cleared their environment) and to the process itself (catches
     * descendants that left the group). It repeats the scan until nothing matches (at most 5 rounds), for
     * processes forked during the first round.
     *
     * Every guarded job gets SPOOL_RUN=TOKEN in its environment, TOKEN = "<jvm pid>.<64 random bits>",
     * overriding any SPOOL_RUN the JVM inherited (so a Spool run inside a Spool job is guarded by its own
     * watchdog; when the outer run dies, the outer watchdog kills this JVM, whose watchdog then kills its
     * jobs). The watchdog itself runs without SPOOL_RUN for that reason: an outer watchdog must not kill
     * the inner one before it has done its work.
     *
     * The watchdog leads its own process group (every launched process does), so a Ctrl-C sent to the
     * terminal's foreground group does not reach it, and it ignores SIGINT, SIGTERM and SIGHUP anyway
     * (trap '' in its first line; a signal in the microseconds before that line runs would kill it).
     * Only SIGKILL aimed at the watchdog itself defeats the guard.
     *
     * Why not PR_SET_PDEATHSIG: posix_spawn cannot set it (it must be set in the child between fork and
     * exec), it fires when the spawning *thread* exits, not the process (a pool thread retiring would
     * kill its jobs), and it would reach only the direct child, not its descendants. The watchdog covers
     * all three. It is not used as a second layer either, for the first reason.
     *
     * Cost: one sh process (~1 MB) per JVM for its lifetime, one environment entry per job, and the
     * launch of the watchdog (~2 ms) at first use. Requires /proc, /bin/sh and grep (GNU or busybox
     * with -z). */

    /** The environment variable that marks guarded jobs. */
    public static final String VARIABLE = "SPOOL_RUN";

    private static final String SCRIPT = """
            trap '' INT TERM HUP
            while read -r _; do :; done
            round=0
            while [ "$round" -lt 5 ]; do
              round=$((round + 1))
              found=
              for f in $(grep -lzxF -e "SPOOL_RUN=$1" /proc/[0-9]*/environ 2>/dev/null); do
                p=${f#/proc/}; p=${p%/environ}
                kill -s KILL -- "-$p" 2>/dev/null
                kill -s KILL "$p" 2>/dev/null
                found=1
              done
              [ -n "$found" ] || break
            done
            """;

    private static volatile OrphanGuard instance;

    private final String token;
    private final int watchdogPid;
    /** The pipe's write end; held open for the life of the JVM, never written, never closed. */
    @SuppressWarnings("unused")
    private final int lifeline;

    private OrphanGuard(String token, int watchdogPid, int lifeline) {
        this.token = token;
        this.watchdogPid = watchdogPid;
        this.lifeline = lifeline;
    }

    /**
     * The JVM's guard, starting its watchdog on the first call.
     *
     * @throws IllegalStateException if the watchdog cannot be started (no /bin/sh, out of processes)
     */
    public static OrphanGuard instance() {
        OrphanGuard g = instance;
        if (g != null) {
            return g;
        }
        synchronized (OrphanGuard.class) {
            if (instance == null) {
                instance = start();
            }
            return instance;
        }
    }

    /** The value of {@value #VARIABLE} in the guarded jobs' environment. */
    public String token() {
        return token;
    }

    /** The watchdog's pid (for diagnostics and tests). */
    public int watchdogPid() {
        return watchdogPid;
    }

    /** {@code spec} with {@code SPOOL_RUN=<token>} added to its environment, replacing any other value. */
    public JobSpec mark(JobSpec spec) {
        return spec.toBuilder().environment(spec.environment().with(VARIABLE, token)).build();
    }

    private static OrphanGuard start() {
        // Unique, not secret: it only has to tell this JVM's jobs from others'. SecureRandom would cost
        // ~10 ms of start-up for nothing.
        long random = java.util.concurrent.ThreadLocalRandom.current().nextLong() ^ System.nanoTime();
        String token = ProcessHandle.current().pid() + "." + HexFormat.of().toHexDigits(random);
        int readEnd;
        int writeEnd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = Libc.newCallState(arena);
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            if (Libc.pipe2(callState, fds, Libc.O_CLOEXEC) != 0) {
                throw new IllegalStateException("orphan guard: cannot create a pipe: "
                        + Libc.describe(Libc.errno(callState)));
            }
            readEnd = fds.getAtIndex(JAVA_INT, 0);
            writeEnd = fds.getAtIndex(JAVA_INT, 1);
            try {
                JobSpec watchdog = JobSpec.builder("/bin/sh", "-c", SCRIPT, "spool-watchdog", token)
                        .environment(JobEnvironment.inherit().without(VARIABLE))
                        .stdin(Redirect.fd(readEnd))
                        .stdout(Redirect.NULL)
                        .stderr(Redirect.NULL)
                        .directory(java.nio.file.Path.of("/"))
                        .build();
                LaunchedJob job = PosixSpawnLauncher.unguarded().launch(watchdog);
                return new OrphanGuard(token, job.pid(), writeEnd);
            } catch (LaunchException e) {
                Libc.closeQuietly(writeEnd, callState);
                throw new IllegalStateException("orphan guard: cannot start its watchdog: " + e.getMessage(), e);
            } finally {
                Libc.closeQuietly(readEnd, callState);
            }
        } catch (Throwable t) {
            throw Libc.unchecked(t);
        }
    }
}
