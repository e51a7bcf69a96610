package dev.spool.cli.remote;

import dev.spool.cli.UsageException;
import dev.spool.cli.job.IoReason;
import dev.spool.launch.JobSpec;
import dev.spool.launch.LaunchException;
import dev.spool.launch.LaunchedJob;
import dev.spool.launch.PosixSpawnLauncher;
import dev.spool.launch.Redirect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The ssh connections of {@code --controlmaster}: one master ssh per remote computer, opened before the
 * first job and closed after the last, whose connection every other ssh of the run to that computer (the
 * jobs, the copies of {@code --transferfile}, {@code --return} and {@code --basefile}, the question of its
 * CPUs) shares through ssh's ControlMaster socket: one login per computer instead of one per job. An
 * sshlogin that names its own ssh command is left alone, as GNU parallel leaves it.
 *
 * <p>Nothing outlives the run: {@link #close()} stops the masters and removes their sockets' directory, a
 * private one (mode 700) in the temporary directory. If spool exits before {@code close()} (a signal
 * while it plans, or {@code System.exit}), a shutdown hook does the same; and the masters are launched
 * guarded, so that they die with spool even when it dies by SIGKILL (their directory stays then).
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread, any number of times.
 */
public final class SshControlMasters implements AutoCloseable {

    /* Implementation notes
     *
     * A master is `SSH -o ControlMaster=yes -o ControlPath=DIR/N -o ControlPersist=no -N -T HOST`, N the
     * login's index: a short name (a Unix socket's path holds at most 107 bytes, and ssh binds a name 17
     * bytes longer before it renames it to ControlPath) with none of the % tokens ssh expands (a % in DIR
     * is written %%). Every other ssh to the computer gets `-o ControlMaster=no -o ControlPath=DIR/N`:
     * with the master up it multiplexes over the master's connection; without it (the master could not
     * log in) it connects on its own, so a master that fails changes the speed, never the results.
     *
     * GNU parallel starts its masters (`ssh -MT host perl-sleep-loop`) and does not wait for them, so its
     * first jobs log in on their own. start() waits, at most READY_TIMEOUT in all, until each master's
     * socket appears (a WatchService event on DIR; the slice of WAIT_SLICE notices a master that exited)
     * so that the run logs in once per computer, which is what the option is for ("avoid overloading
     * sshd", GNU's tutorial says).
     *
     * Lifecycle: RUNNING -> CLOSED, once, under `this`. close() and the shutdown hook both take the lock,
     * so a hook that runs while the main thread closes waits for that close instead of racing it, and
     * start() launches no master after a close. A master is stopped by SIGTERM (ssh closes its connection
     * and removes its socket), then by SIGKILL to its process group if it has not exited within
     * STOP_TIMEOUT. A remote job still running on the connection ends with it: its supervisor sees its
     * parent (that connection's sshd) go. One limit, GNU parallel's too: a job whose local ssh is killed
     * (--timeout, --halt now) while its master stays up runs on remotely until the master stops, at the
     * end of the run, because the connection, and so the supervisor's parent, outlives the job's ssh.
     */

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final long WAIT_SLICE_MILLIS = 100;
    /** The longest control path: sun_path's 108 bytes less its NUL and the 17 bytes ssh adds while it binds. */
    private static final int MAX_SOCKET_PATH = 107 - 17;
    private static final int SIGTERM = 15;
    private static final int SIGKILL = 9;

    private enum State { RUNNING, CLOSED }

    /** The sockets' directory, mode 700; removed by close. */
    private final Path dir;
    /** The logins as the run uses them: with the client options where a master serves them. Immutable. */
    private final List<SshLogin> logins;
    /** Runs close() if the JVM exits before it; removed by close(). */
    private final Thread hook = new Thread(this::close, "spool-ssh-control-masters");
    /** The masters started, in start(); guarded by {@code this}. */
    private final List<LaunchedJob> masters = new ArrayList<>();
    /** Guarded by {@code this}; transitions RUNNING -> CLOSED only. */
    private State state = State.RUNNING;

    private SshControlMasters(Path dir, List<SshLogin> logins) {
        this.dir = dir;
        this.logins = List.copyOf(logins);
    }

    /**
     * Opens one master connection to each remote computer of {@code logins} (but those with their own ssh
     * command) and waits, at most 10 s in all, until they are up. A master that cannot log in is left
     * out without a word: the jobs then log in on their own and report what goes wrong.
     *
     * @param tmpDir where the sockets' directory goes ({@code --tmpdir}, {@code $TMPDIR}); {@code /tmp}
     *               when its name would make the sockets' names too long
     * @throws UsageException if the directory cannot be made
     * @throws InterruptedException if interrupted while waiting; the masters started are stopped then
     */
    public static SshControlMasters start(List<SshLogin> logins, Path tmpDir) throws InterruptedException {
        Path dir = privateDirectory(tmpDir, Integer.toString(logins.size()).length());
        Map<Path, SshLogin> served = new LinkedHashMap<>();
        List<SshLogin> rewritten = new ArrayList<>();
        for (int i = 0; i < logins.size(); i++) {
            SshLogin login = logins.get(i);
            if (login.local() || login.ownSsh()) {
                rewritten.add(login);
                continue;
            }
            Path socket = dir.resolve(Integer.toString(i));
            served.put(socket, login);
            rewritten.add(login.withSshOptions(List.of("-o", "ControlMaster=no", "-o", "ControlPath="
                    + socket.toString().replace("%", "%%"))));
        }
        SshControlMasters connections = new SshControlMasters(dir, rewritten);
        Runtime.getRuntime().addShutdownHook(connections.hook);
        try {
            connections.launch(served);
        } catch (InterruptedException | RuntimeException e) {
            connections.close();
            throw e;
        }
        return connections;
    }

    /** The logins to run with: those a master serves go through it. */
    public List<SshLogin> logins() {
        return logins;
    }

    /** Stops the masters and removes their directory; waits at most about 5 s. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            stopMasters();
            removeDirectory();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // called by the hook itself, or during the shutdown: nothing to remove
        }
    }

    // ---- internals ----

    /** Launches a master for each socket, then waits until each socket is there or its master has exited. */
    private void launch(Map<Path, SshLogin> served) throws InterruptedException {
        Map<Path, LaunchedJob> pending = new LinkedHashMap<>();
        for (Map.Entry<Path, SshLogin> e : served.entrySet()) {
            LaunchedJob master = launchMaster(e.getValue(), e.getKey());
            if (master != null) {
                pending.put(e.getKey(), master);
            }
        }
        try (WatchService watch = dir.getFileSystem().newWatchService()) {
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE); // a socket made before is seen below
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (true) {
                pending.entrySet().removeIf(e -> Files.exists(e.getKey()) || !e.getValue().isAlive());
                long left = deadline - System.nanoTime();
                if (pending.isEmpty() || left <= 0) {
                    return;
                }
                WatchKey key = watch.poll(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, WAIT_SLICE_MILLIS),
                        TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        } catch (IOException e) {
            // no watch service: the masters come up as the jobs start; the first jobs may log in on their own
        }
    }

    /** Starts the master of {@code login}, or returns null if closed or if it cannot start. */
    private synchronized LaunchedJob launchMaster(SshLogin login, Path socket) {
        if (state == State.CLOSED) {
            return null;
        }
        List<String> argv = new ArrayList<>(login.ssh());
        argv.addAll(List.of("-o", "ControlMaster=yes", "-o", "ControlPath=" + socket.toString().replace("%", "%%"),
                "-o", "ControlPersist=no", "-N", "-T", login.host()));
        try {
            LaunchedJob master = PosixSpawnLauncher.guarded().launch(JobSpec.builder(argv.toArray(String[]::new))
                    .stdin(Redirect.NULL).stdout(Redirect.NULL).stderr(Redirect.NULL).build());
            masters.add(master);
            return master;
        } catch (LaunchException e) {
            return null; // no ssh command: each job says so
        }
    }

    private void stopMasters() {
        assert Thread.holdsLock(this);
        masters.forEach(m -> m.signal(SIGTERM));
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        boolean interrupted = false;
        for (LaunchedJob master : masters) {
            try {
                if (!interrupted && master.waitFor(Duration.ofNanos(deadline - System.nanoTime())).isPresent()) {
                    continue;
                }
                master.signalGroup(SIGKILL);
                master.waitFor(STOP_TIMEOUT);
            } catch (InterruptedException e) {
                interrupted = true; // kill the rest at once; the flag is restored below
                master.signalGroup(SIGKILL);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void removeDirectory() {
        assert Thread.holdsLock(this);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.err.println("spool: Warning: --controlmaster: cannot remove " + dir + ": " + IoReason.of(e));
        }
    }

    /** A new directory of mode 700 in {@code tmpDir}, or in /tmp if the sockets' names would be too long there. */
    private static Path privateDirectory(Path tmpDir, int nameLength) {
        for (Path parent : List.of(tmpDir, Path.of("/tmp"))) {
            try {
                Path dir = Files.createTempDirectory(parent, "spool-ssh-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                if (dir.toAbsolutePath().toString().length() + 1 + nameLength <= MAX_SOCKET_PATH) {
                    return dir.toAbsolutePath();
                }
                Files.delete(dir);
            } catch (IOException e) {
                if (parent.equals(Path.of("/tmp"))) {
                    throw new UsageException("--controlmaster: cannot make a directory in " + parent + ": "
                            + IoReason.of(e), e);
                }
            }
        }
        throw new UsageException("--controlmaster: the names of ssh's sockets would be too long in /tmp");
    }
}
