package dev.spool.cli;

import dev.spool.cli.job.ArgsPerJob;
import dev.spool.cli.job.CommandTemplate;
import dev.spool.cli.job.IoReason;
import dev.spool.cli.job.ReplacementStrings;
import dev.spool.cli.remote.DownHostFilter;
import dev.spool.cli.remote.RemoteHosts;
import dev.spool.cli.remote.SshControlMasters;
import dev.spool.cli.remote.SshLogin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
     * <p>With {@code --filter-hosts}, leaves out the computers ssh cannot log in to; with {@code
     * --controlmaster}, opens a connection to each remote computer, which the result owns.
     *
     * @throws UsageException naming a login or file that cannot be used
     * @throws InterruptedException if interrupted while checking the computers or opening the connections
     */
    static RemoteHosts plan(RunOptions options) throws InterruptedException {
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
        Set<String> onlyGroups = new LinkedHashSet<>(); // -S @grp: only the computers in grp
        for (String spec : specs) {
            if (SshLogin.isGroupFilter(spec)) {
                onlyGroups.addAll(SshLogin.filterGroups(spec));
            }
        }
        specs.removeIf(SshLogin::isGroupFilter);
        if (specs.isEmpty() && onlyGroups.isEmpty()) {
            specs.add(":"); // --workdir alone: this computer
        }
        List<SshLogin> logins = specs.stream().distinct().map(s -> SshLogin.parse(s, ssh)).toList();
        if (!onlyGroups.isEmpty()) {
            logins = logins.stream().filter(l -> l.inAnyGroup(onlyGroups)).toList();
            if (logins.isEmpty()) {
                throw new UsageException("--sshlogin @" + String.join("+", onlyGroups)
                        + ": no sshlogin is in this host group (give one as -S @GROUP/LOGIN)");
            }
        }
        if (options.filterHosts) {
            logins = DownHostFilter.up(logins);
        }
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
        Map<String, String> env = exportedVariables(options.env);
        if (!options.controlMaster) {
            return RemoteHosts.of(logins, options.jobs, files, env, null);
        }
        SshControlMasters masters = SshControlMasters.start(logins, tmpDir(options));
        try {
            return RemoteHosts.of(masters.logins(), options.jobs, files, env, masters);
        } catch (RuntimeException e) {
            masters.close();
            throw e;
        }
    }

    /** The temporary directory: {@code --tmpdir}, else {@code $TMPDIR}, else /tmp. */
    private static Path tmpDir(RunOptions options) {
        String tmp = options.tmpdir != null ? options.tmpdir : System.getenv().getOrDefault("TMPDIR", "/tmp");
        return Path.of(RawArgs.toPlatform(tmp.isEmpty() ? "/tmp" : tmp));
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

    /**
     * GNU parallel's {@code vars_to_export}: the {@code --env} names (comma-separated lists too), {@code _}
     * for every variable not in {@code ignored_vars} ({@code --record-env}), and for each name its exported
     * bash function ({@code BASH_FUNC_name%%}); those that are set, with their values.
     */
    static Map<String, String> exportedVariables(List<String> options) {
        Set<String> names = new LinkedHashSet<>();
        for (String option : options) {
            names.addAll(List.of(option.split(",")));
        }
        Map<String, String> env = System.getenv();
        if (names.remove("_")) {
            Path ignored = GnuParallelProfiles.configDir().resolve("ignored_vars");
            Set<String> ignore;
            try {
                ignore = new HashSet<>(Files.readAllLines(ignored, StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new UsageException("--env _: run 'spool --record-env' in a clean environment first ("
                        + RawArgs.fromPlatform(ignored.toString()) + ": " + IoReason.of(e) + ")", e);
            }
            env.keySet().stream().filter(n -> !ignore.contains(n) && !n.equals("_")).sorted().forEach(names::add);
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (String name : names) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") && !name.startsWith("BASH_FUNC_")) {
                throw new UsageException("--env '" + name + "': not a variable name");
            }
            for (String key : List.of(name, "BASH_FUNC_" + name + "%%", "BASH_FUNC_" + name + "()")) {
                if (env.get(key) != null) {
                    vars.put(key, env.get(key));
                }
            }
        }
        return vars;
    }

    private static Path loginFileInConfig() {
        return GnuParallelProfiles.configDir().resolve("sshloginfile");
    }
}
