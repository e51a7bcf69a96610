package dev.spool.process;

import dev.spool.launch.ExitStatus;
import dev.spool.launch.JobSpec;
import dev.spool.launch.LaunchException;
import dev.spool.launch.LaunchedJob;
import dev.spool.launch.PosixSpawnLauncher;
import dev.spool.launch.Redirect;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * Starts a pool's children through the core's posix_spawn launcher, all in one process group of their
 * own, and guarded, so that they die with the parent even when it is SIGKILLed. One launcher per pool.
 *
 * <p>The group is led by a placeholder process ({@code sh} waiting on a pipe that only this launcher
 * holds), so that it outlives every child: a recycled or crashed child's replacement joins the same group.
 * {@link #close()} ends the leader; so does the parent's death.
 */
final class SpawnChildLauncher implements ChildLauncher {

    private static final int EPERM = 1; // setpgid into a group that has gone
    private static final int ESRCH = 3;

    private final PosixSpawnLauncher launcher = PosixSpawnLauncher.guarded();
    /** The group's leader, started with the first child. Guarded by {@code this}. */
    private LaunchedJob leader;

    @Override
    public synchronized Child launch(List<String> command) throws IOException {
        JobSpec spec = JobSpec.builder(command.toArray(String[]::new))
                .stdin(Redirect.PIPE).stdout(Redirect.PIPE).stderr(Redirect.PIPE).build();
        if (leader == null || !leader.isAlive()) {
            leader = launcher.launch(JobSpec.builder("/bin/sh", "-c", "read _", "spool-process-group")
                    .stdin(Redirect.PIPE).stdout(Redirect.NULL).stderr(Redirect.NULL).build());
        }
        try {
            return new SpawnedChild(launcher.launch(spec, leader.pgid()));
        } catch (LaunchException e) {
            if (e.errno() != EPERM && e.errno() != ESRCH) {
                throw e;
            }
            return new SpawnedChild(launcher.launch(spec)); // the group vanished under us: a group of its own
        }
    }

    @Override
    public synchronized void close() {
        if (leader != null) {
            try {
                leader.stdin().close(); // `read` sees end of file and the leader exits
                leader.waitFor(Duration.ofSeconds(1));
            } catch (IOException e) {
                leader.signal(9);
            } catch (InterruptedException e) {
                leader.signal(9);
                Thread.currentThread().interrupt();
            }
            leader = null;
        }
    }

    /** The pool's process group, or 0 before the first child. */
    synchronized int group() {
        return leader == null ? 0 : leader.pgid();
    }

    private record SpawnedChild(LaunchedJob job) implements Child {
        @Override
        public long pid() {
            return job.pid();
        }

        @Override
        public OutputStream stdin() {
            return job.stdin();
        }

        @Override
        public InputStream stdout() {
            return job.stdout();
        }

        @Override
        public InputStream stderr() {
            return job.stderr();
        }

        @Override
        public void terminate() {
            job.signal(15);
        }

        @Override
        public void kill() {
            job.signal(9);
        }

        @Override
        public boolean isAlive() {
            return job.isAlive();
        }

        @Override
        public boolean waitFor(Duration timeout) throws InterruptedException {
            return job.waitFor(timeout).isPresent();
        }

        @Override
        public OptionalInt exitStatus() {
            return job.exitStatus().map(ExitStatus::code).map(OptionalInt::of).orElse(OptionalInt.empty());
        }
    }
}
