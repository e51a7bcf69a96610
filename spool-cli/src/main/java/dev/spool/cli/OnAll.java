package dev.spool.cli;

import dev.spool.cli.job.CommandTemplate;
import dev.spool.cli.job.JobShell;
import dev.spool.cli.job.PerlCoprocess;
import dev.spool.cli.job.ReplacementStrings;
import dev.spool.cli.remote.RemoteHosts;
import dev.spool.cli.run.JobPlacement;
import dev.spool.cli.run.JobRunner;
import dev.spool.cli.run.PlannedJob;
import dev.spool.cli.run.RunSettings;
import dev.spool.launch.PosixSpawnLauncher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * GNU parallel's {@code --onall}: every job on every computer of {@code -S}, one at a time and in order on
 * each, so that a computer's output comes together; {@code --tag} tags it with the computer's sshlogin. The
 * computers are done one after another (GNU parallel does {@code -j} of them at once; the output is the same,
 * grouped by computer, but a long list of computers takes longer). The exit status counts the failed jobs of
 * all computers. {@code --nonall} is {@code --onall} with one job that takes no input.
 */
final class OnAll {

    private OnAll() {}

    static int run(RunOptions options, RunSettings settings, RemoteHosts remote, PerlCoprocess perl) throws IOException, InterruptedException {
        if (remote == null || options.sshlogins.isEmpty() && options.sshloginFiles.isEmpty()) {
            throw new UsageException("--onall and --nonall need the computers: --sshlogin or --sshloginfile");
        }
        List<PlannedJob> jobs = new ArrayList<>();
        JobPlanner.plan(options, JobPlanner.ResumeFilter.NONE, perl, settings.slots()).forEachRemaining(jobs::add);
        int failed = 0;
        boolean first = true;
        for (RemoteHosts.Host host : remote.hosts()) {
            RemoteHosts one = remote.only(host);
            CommandTemplate tag = CommandTemplate.parse(List.of(host.login().name()), ReplacementStrings.DEFAULT,
                    JobPlanner.argsPerJob(options), JobShell.SH, false);
            List<PlannedJob> here = jobs.stream().map(j -> new PlannedJob(j.seq(), j.args(), j.template(),
                    settings.tag() && options.tagString == null ? tag : j.tagTemplate(), j.loggedLine(),
                    j.loggedShell(), j.resultsTemplate(), j.feed(), j.files())).toList();
            RunSettings perHost = new RunSettings(1, true, settings.output(), settings.tag(), settings.joblog(),
                    settings.joblogAppend() || !first, settings.retries(), settings.timeout(),
                    settings.termSequence(), settings.halt(), settings.delay(), settings.dryRun(), settings.verbose(),
                    settings.trace(), settings.progress(), settings.tmpDir(), settings.results(),
                    JobPlacement.niced(options.nice, one), settings.stdinTty(), settings.slotVariable(),
                    settings.startLimits());
            first = false;
            one.sendBasefiles();
            int status;
            try {
                status = new JobRunner(perHost, PosixSpawnLauncher.guarded()).run(here.iterator(), true);
            } finally {
                one.removeBasefiles();
            }
            if (status == ExitCodes.ERROR) {
                return status;
            }
            failed += status;
        }
        return Math.min(failed, 101);
    }
}
