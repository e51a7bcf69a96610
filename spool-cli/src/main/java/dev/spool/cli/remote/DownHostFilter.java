package dev.spool.cli.remote;

import dev.spool.cli.UsageException;
import dev.spool.launch.ExitStatus;
import dev.spool.launch.JobSpec;
import dev.spool.launch.LaunchException;
import dev.spool.launch.LaunchedJob;
import dev.spool.launch.PosixSpawnLauncher;
import dev.spool.launch.Redirect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --filter-hosts}: the sshlogins whose computer ssh can log in to, checked before the first job as
 * GNU parallel checks them. For each remote computer, {@code ssh HOST true} must exit 0 within 10 s;
 * the others are left out of the run, with GNU parallel's warning ({@code Removed HOST HOST.}); {@code :}
 * is never checked.
 */
public final class DownHostFilter {

    /* Implementation notes
     *
     * GNU parallel runs, for each host, an `echo` and four `parallel --number-of-...` queries through a
     * parallel of its own (-j0 --timeout 10 --retries 3), and removes a host whose ssh exited 255 (or 1,
     * or timed out). spool asks the CPUs on its own, later (RemoteHosts), so one `true` says all it
     * needs; any status but 0 means down. No retries: a host that does not answer costs TIMEOUT once,
     * not three times.
     *
     * At most AT_ONCE checks run at a time: the logins go in batches of AT_ONCE, all of a batch started
     * together and each then waited for until the batch's deadline, when the ones still running are
     * killed (SIGKILL to the process group) and count as down. A host whose name does not resolve (under
     * .invalid) fails in milliseconds; one that drops packets takes the whole TIMEOUT. The checks are
     * launched guarded, so that none outlives spool, whatever ends it. Runs on the calling thread: no
     * thread is started.
     */

    /** How long a login may take: GNU parallel's --timeout 10 for its checks. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How many checks run at once. */
    static final int AT_ONCE = 8;
    private static final int SIGKILL = 9;

    private DownHostFilter() {}

    /**
     * The logins whose computer is up, in their order; warns on stderr about those left out.
     *
     * @throws UsageException if no login is left: no job could run
     * @throws InterruptedException if interrupted while waiting; the checks under way are killed then
     */
    public static List<SshLogin> up(List<SshLogin> logins) throws InterruptedException {
        List<SshLogin> up = new ArrayList<>();
        List<SshLogin> down = new ArrayList<>();
        for (int from = 0; from < logins.size(); from += AT_ONCE) {
            List<SshLogin> batch = logins.subList(from, Math.min(from + AT_ONCE, logins.size()));
            List<Boolean> answers = check(batch);
            for (int i = 0; i < batch.size(); i++) {
                (answers.get(i) ? up : down).add(batch.get(i));
            }
        }
        if (!down.isEmpty()) {
            System.err.println("spool: Warning: Removed "
                    + String.join(" ", down.stream().map(SshLogin::name).toList()) + ".");
        }
        if (up.isEmpty()) {
            throw new UsageException("--filter-hosts: no sshlogin is up: cannot run any jobs");
        }
        return up;
    }

    /** Whether each login of {@code batch} is up, in its order; at most {@link #TIMEOUT} in all. */
    private static List<Boolean> check(List<SshLogin> batch) throws InterruptedException {
        List<LaunchedJob> checks = new ArrayList<>(); // null for : and for an ssh that could not start
        try {
            for (SshLogin login : batch) {
                checks.add(login.local() ? null : launch(login));
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            List<Boolean> answers = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                LaunchedJob check = checks.get(i);
                if (check == null) {
                    answers.add(batch.get(i).local());
                    continue;
                }
                Optional<ExitStatus> status = check.waitFor(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                answers.add(status.map(ExitStatus::succeeded).orElse(false));
            }
            return answers;
        } finally {
            stopAll(checks);
        }
    }

    /** Kills the checks still running (timed out, or the wait was interrupted) and reaps them. */
    private static void stopAll(List<LaunchedJob> checks) {
        boolean interrupted = Thread.interrupted();
        for (LaunchedJob check : checks) {
            if (check != null && check.isAlive()) {
                check.signalGroup(SIGKILL);
                try {
                    check.waitFor(TIMEOUT);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code ssh HOST true}, its streams to /dev/null; null if ssh cannot start (down, then). */
    private static LaunchedJob launch(SshLogin login) {
        List<String> argv = new ArrayList<>(login.ssh());
        argv.addAll(List.of(login.host(), "--", "true"));
        try {
            return PosixSpawnLauncher.guarded().launch(JobSpec.builder(argv.toArray(String[]::new))
                    .stdin(Redirect.NULL).stdout(Redirect.NULL).stderr(Redirect.NULL).build());
        } catch (LaunchException e) {
            return null;
        }
    }
}
