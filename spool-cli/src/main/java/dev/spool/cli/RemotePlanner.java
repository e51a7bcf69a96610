package dev.spool.cli;

import dev.spool.cli.job.ArgsPerJob;
import dev.spool.cli.job.CommandTemplate;
import dev.spool.cli.job.IoReason;
import dev.spool.cli.job.ReplacementStrings;
import dev.spool.cli.remote.RemoteHosts;
import dev.spool.cli.remote.SshLogin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The remote computers of {@code -S}/{@code --sshloginfile} and what goes with them, from the options. */
final class RemotePlanner {

    private RemotePlanner() {}

    /** Whether the run has remote computers (or {@code :}) to place its jobs on. */
    static boolean wanted(RunOptions options) {
        return !options.sshlogins.isEmpty() || !options.sshloginFiles.isEmpty() || options.workdir != null;
    }

    /**
     * The computers and their slots; asks each remote computer without ncpus how many CPUs it has.
     *
     * @throws UsageException naming a login or file that cannot be used
     */
    static RemoteHosts plan(RunOptions options) {
        String sshText = options.ssh != null ? options.ssh : System.getenv().getOrDefault("PARALLEL_SSH", "ssh");
        List<String> ssh = List.of(sshText.strip().split("\\s+"));
        if (ssh.getFirst().isEmpty()) {
            throw new UsageException("--ssh: '' is not a command");
        }
        List<String> specs = new ArrayList<>();
        for (String value : options.sshlogins) {
            for (String login : SshLogin.split(value)) {
                if (login.equals("..")) {
                    specs.addAll(readLoginFile(".."));
                } else if (login.equals("-")) {
                    throw new UsageException("--sshlogin -: reading sshlogins from stdin is not supported by spool:"
                            + " use --sshloginfile FILE");
                } else {
                    specs.add(login);
                }
            }
        }
        for (String file : options.sshloginFiles) {
            specs.addAll(readLoginFile(file));
        }
        if (specs.isEmpty()) {
            specs.add(":"); // --workdir alone: this computer
        }
        List<SshLogin> logins = specs.stream().distinct().map(s -> SshLogin.parse(s, ssh)).toList();
        ReplacementStrings names = JobPlanner.replacementStrings(options);
        ArgsPerJob perJob = JobPlanner.argsPerJob(options);
        List<CommandTemplate> transfers = new ArrayList<>();
        for (String file : options.transferFiles) {
            transfers.add(plain(file, names, perJob));
        }
        if (options.transfer || !options.trc.isEmpty()) {
            transfers.add(plain("{}", names, perJob));
        }
        List<CommandTemplate> returns = new ArrayList<>();
        for (String file : options.returnFiles) {
            returns.add(plain(file, names, perJob));
        }
        for (String file : options.trc) {
            returns.add(plain(file, names, perJob));
        }
        String workdir = options.workdir;
        boolean dots = "...".equals(workdir);
        boolean current = ".".equals(workdir);
        if (current) {
            workdir = currentDirFromHome();
        }
        CommandTemplate workdirTemplate = workdir == null || dots || workdir.isEmpty() ? null
                : plain(workdir, names, perJob);
        var files = new RemoteHosts.Files(workdirTemplate, dots, current, transfers, returns,
                options.cleanup || !options.trc.isEmpty(), options.basefiles);
        return RemoteHosts.of(logins, options.jobs, files, options.env);
    }

    /** A file or directory name with replacement strings; none appended when it has none. */
    private static CommandTemplate plain(String text, ReplacementStrings names, ArgsPerJob perJob) {
        return CommandTemplate.parse(List.of(text), names, perJob, dev.spool.cli.job.JobShell.SH, false);
    }

    /** {@code --workdir .}: the current dir, relative to the home dir when beneath it. */
    private static String currentDirFromHome() {
        Path cwd = Path.of("").toAbsolutePath();
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath();
        if (cwd.startsWith(home)) {
            String rel = home.relativize(cwd).toString();
            return rel.isEmpty() ? "." : rel;
        }
        return cwd.toString();
    }

    private static List<String> readLoginFile(String name) {
        Path file = name.equals("..") ? loginFileInConfig() : Path.of(RawArgs.toPlatform(name));
        try {
            return Files.readAllLines(file, StandardCharsets.ISO_8859_1).stream()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UsageException("--sshloginfile: cannot read '" + RawArgs.fromPlatform(file.toString()) + "': "
                    + IoReason.of(e), e);
        }
    }

    private static Path loginFileInConfig() {
        String home = System.getenv("PARALLEL_HOME");
        if (home != null && !home.isEmpty()) {
            return Path.of(home, "sshloginfile");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isEmpty() && Files.exists(Path.of(xdg, "parallel", "sshloginfile"))) {
            return Path.of(xdg, "parallel", "sshloginfile");
        }
        return Path.of(System.getProperty("user.home"), ".parallel", "sshloginfile");
    }
}
