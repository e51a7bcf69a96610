package dev.spool.cli.remote;

import dev.spool.cli.UsageException;
import dev.spool.cli.job.CommandTemplate;
import dev.spool.cli.job.JobArgs;
import dev.spool.cli.job.JobCommand;
import dev.spool.cli.job.ShellQuoting;
import dev.spool.cli.run.JobPlacement;
import dev.spool.cli.run.JobSlots;
import dev.spool.cli.run.PlannedJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Jobs run on the computers of {@code --sshlogin}, through the system's {@code ssh}, as GNU parallel runs
 * them: each computer has its own job slots (its {@code ncpus/}, or as many as {@code -j} gives for its CPUs),
 * and a job runs on the computer its slot belongs to, {@code :} being this one.
 *
 * <p>On the remote computer a job runs under a small Perl supervisor (GNU parallel requires Perl there too):
 * it runs the job's command line with {@code /bin/sh -c} in a process group of its own, with {@code
 * PARALLEL_SEQ}, {@code PARALLEL_JOBSLOT}, {@code PARALLEL_PID}, {@code PARALLEL_SSHLOGIN} and the {@code
 * --env} variables set, in the {@code --workdir}; and when its ssh connection goes away (spool killed, a
 * timeout, {@code --halt now}) its parent changes, and it kills the job's process group: no remote orphan.
 * The command line travels hex-encoded, so no shell between here and there parses a value.
 *
 * <p>{@code --transferfile}, {@code --return} and {@code --cleanup} copy files with {@code tar} over ssh
 * (GNU parallel uses rsync), in a {@code /bin/sh} script around the job's ssh, whose exit status is the
 * job's. With {@code --controlmaster}, the ssh commands go through one connection per computer ({@link
 * SshControlMasters}), which {@link #close()} closes. Thread-safe after construction.
 */
public final class RemoteHosts implements JobPlacement, AutoCloseable {

    /** Runs the hex-encoded Perl program that follows it; no character in it is special to a shell. */
    private static final String PERL_STUB = "exec perl -X -e spool_remote_job,eval+pack+q/H10000000/,join+q//,@ARGV";

    /** One computer and its slots, {@code first} to {@code first + slots - 1}. */
    public record Host(SshLogin login, int first, int slots) {}

    /**
     * What runs around a job on a remote computer; templates may hold replacement strings. {@code workdirDots}:
     * {@code --workdir ...}, a new directory per job; {@code workdirCurrent}: {@code --workdir .}, whose
     * {@code workdir} is the current dir relative to the home dir, for remote computers.
     */
    public record Files(CommandTemplate workdir, boolean workdirDots, boolean workdirCurrent,
                        List<CommandTemplate> transfers,
                        List<CommandTemplate> returns, boolean cleanup, List<String> basefiles) {
        public Files {
            transfers = List.copyOf(transfers);
            returns = List.copyOf(returns);
            basefiles = List.copyOf(basefiles);
        }
    }

    /** This computer's name, as GNU parallel names {@code --workdir ...} directories. */
    private static final String HOSTNAME = hostname();

    private final List<Host> hosts;
    private final int slots;
    private final Files files;
    private final Map<String, String> env;
    private final String pid = Long.toString(ProcessHandle.current().pid());
    /** The {@code --controlmaster} connections this owns and closes; null without them. */
    private final SshControlMasters masters;

    private RemoteHosts(List<Host> hosts, Files files, Map<String, String> env, SshControlMasters masters) {
        this.hosts = List.copyOf(hosts);
        this.slots = hosts.stream().mapToInt(Host::slots).sum();
        this.files = files;
        this.env = Map.copyOf(env);
        this.masters = masters;
    }

    /**
     * The computers of {@code logins}, each with its slots: its ncpus, or its CPUs (asked over ssh) resolved
     * by {@code jobs}.
     *
     * @param env the {@code --env} variables (and exported functions), set for remote jobs
     * @param masters the {@code --controlmaster} connections that {@code logins} go through, which the
     *                result then owns; or null
     * @throws UsageException if a login cannot be used
     */
    public static RemoteHosts of(List<SshLogin> logins, JobSlots jobs, Files files, Map<String, String> env,
                                 SshControlMasters masters) {
        if (logins.isEmpty()) {
            throw new UsageException("--sshlogin: no sshlogin given");
        }
        List<Host> hosts = new ArrayList<>();
        int next = 1;
        for (SshLogin login : logins) {
            int cpus = login.cpus() > 0 ? login.cpus() : login.local()
                    ? Runtime.getRuntime().availableProcessors() : remoteCpus(login);
            int n = login.cpus() > 0 && jobs.equals(JobSlots.ONE_PER_CPU) ? login.cpus() : jobs.resolve(cpus);
            hosts.add(new Host(login, next, n));
            next += n;
        }
        return new RemoteHosts(hosts, files, env, masters);
    }

    /** The computer of {@code host} alone, with one slot: {@code --onall}. The connections stay this one's. */
    public RemoteHosts only(Host host) {
        return new RemoteHosts(List.of(new Host(host.login(), 1, 1)), files, env, null);
    }

    /** Closes the {@code --controlmaster} connections, if any: after the last job. Idempotent. */
    @Override
    public void close() {
        if (masters != null) {
            masters.close();
        }
    }

    /** All slots of all computers: the run's {@code -j}. */
    public int slots() {
        return slots;
    }

    public List<Host> hosts() {
        return hosts;
    }

    @Override
    public String host(int slot) {
        return hostOf(slot).login().name();
    }

    /**
     * {@code --hostgroups}: the computers in one of the job's groups; null (any computer) when the job names
     * none, or none of its groups has a computer (GNU parallel's manual: "the job will run on any hostgroup").
     */
    @Override
    public java.util.BitSet computersFor(PlannedJob job) {
        if (job.hostgroups() == null || hosts.size() < 2) {
            return null;
        }
        java.util.BitSet allowed = new java.util.BitSet();
        for (int h = 0; h < hosts.size(); h++) {
            if (hosts.get(h).login().inAnyGroup(job.hostgroups())) {
                allowed.set(h);
            }
        }
        return allowed.isEmpty() ? null : allowed;
    }

    @Override
    public int[] hostOfSlots() {
        if (hosts.size() < 2) {
            return null;
        }
        int[] hostOf = new int[slots + 1];
        hostOf[0] = -1;
        for (int h = 0; h < hosts.size(); h++) {
            Host host = hosts.get(h);
            java.util.Arrays.fill(hostOf, host.first(), host.first() + host.slots(), h);
        }
        return hostOf;
    }

    private Host hostOf(int slot) {
        for (Host h : hosts) {
            if (slot < h.first() + h.slots()) {
                return h;
            }
        }
        return hosts.getLast(); // not reached: the runner's slots are 1..slots()
    }

    @Override
    public JobCommand place(JobCommand command, PlannedJob job, int slot) {
        SshLogin login = hostOf(slot).login();
        if (login.local()) {
            return command;
        }
        JobArgs args = job.args();
        String workdir = workdir(args, slot, job.seq());
        String shell = command.viaShell() ? command.argvText().getFirst() : "/bin/sh";
        List<String> transfers = args == null ? List.of() : render(files.transfers(), args, slot);
        List<String> returns = args == null ? List.of() : render(files.returns(), args, slot);
        boolean copies = !transfers.isEmpty() || !returns.isEmpty();
        // GNU parallel removes a --workdir ... directory after the job (after its --return files)
        // a shell job's code is its argv's LINE (with $PARALLEL_ENV's code before the displayed line)
        String code = command.viaShell() ? command.argvText().get(2) : command.display();
        String program = supervisor(code, shell, workdir, job.seq(), slot, login,
                files.workdirDots() && !copies);
        List<String> ssh = new ArrayList<>(login.ssh());
        ssh.add(login.host());
        ssh.add("--");
        ssh.add(PERL_STUB + " " + HexFormat.of().formatHex(program.getBytes(StandardCharsets.ISO_8859_1)));
        if (!copies) {
            return new JobCommand(bytes(ssh), false, command.display());
        }
        String remoteDir = workdir.isEmpty() ? "." : workdir;
        StringBuilder script = new StringBuilder();
        for (String file : transfers) {
            script.append(transferScript(login, file, remoteDir)).append('\n');
        }
        script.append(join(ssh)).append("\n_s=$?\n");
        for (String file : returns) {
            script.append(returnScript(login, file, remoteDir)).append('\n');
        }
        if (files.cleanup()) {
            List<String> remove = new ArrayList<>();
            transfers.forEach(f -> remove.add(RemotePath.of(f, remoteDir).remote()));
            returns.forEach(f -> remove.add(RemotePath.of(f, remoteDir).remote()));
            script.append(sshLine(login, removal(remove) + (files.workdirDots() ? "rm -rf -- "
                    + ShellQuoting.gnuQuote(remoteDir) + "; " : "") + "true")).append(" </dev/null\n");
        } else if (files.workdirDots()) {
            script.append(sshLine(login, "rm -rf -- " + ShellQuoting.gnuQuote(remoteDir) + "; true"))
                    .append(" </dev/null\n");
        }
        script.append("exit $_s\n");
        return new JobCommand(bytes(List.of("/bin/sh", "-c", script.toString())), true, command.display());
    }

    @Override
    public java.nio.file.Path directory(PlannedJob job, int slot) throws IOException {
        if (!hostOf(slot).login().local() || files.workdirCurrent()
                || (files.workdir() == null && !files.workdirDots())) {
            return null;
        }
        String dir = workdir(job.args(), slot, job.seq());
        java.nio.file.Path path = files.workdirDots()
                ? java.nio.file.Path.of(System.getProperty("user.home")).resolve(dir) : java.nio.file.Path.of(dir);
        return java.nio.file.Files.createDirectories(path.toAbsolutePath());
    }

    /** Copies the {@code --basefile}s to each remote computer, before the first job. */
    public void sendBasefiles() throws IOException, InterruptedException {
        for (Host h : hosts) {
            if (h.login().local() || files.basefiles().isEmpty()) {
                continue;
            }
            String dir = fixedWorkdir();
            for (String file : files.basefiles()) {
                runHere(transferScript(h.login(), file, dir), "--basefile " + file + " to " + h.login().name());
            }
        }
    }

    /** Removes the {@code --basefile}s from each remote computer, with {@code --cleanup}, after the last job. */
    public void removeBasefiles() throws IOException, InterruptedException {
        if (!files.cleanup() || files.basefiles().isEmpty()) {
            return;
        }
        for (Host h : hosts) {
            if (h.login().local()) {
                continue;
            }
            String dir = fixedWorkdir();
            List<String> remove = files.basefiles().stream().map(f -> RemotePath.of(f, dir).remote()).toList();
            runHere(sshLine(h.login(), removal(remove) + "true") + " </dev/null",
                    "--cleanup of --basefile on " + h.login().name());
        }
    }

    // ---- internals ----

    /** The work dir of a job, or "" for the login dir. */
    private String workdir(JobArgs args, int slot, long seq) {
        if (files.workdirDots()) {
            return ".parallel/tmp/" + HOSTNAME + "-" + pid + "-" + seq;
        }
        if (files.workdir() == null) {
            return "";
        }
        return args == null ? files.workdir().renderPlain(JobArgs.of(seq), slot) : files.workdir().renderPlain(args, slot);
    }

    /** The work dir when it does not depend on the job: where --basefile goes. */
    private String fixedWorkdir() {
        if (files.workdir() == null || files.workdirDots()) {
            return ".";
        }
        String dir = files.workdir().renderPlain(JobArgs.of(1), 1);
        return dir.isEmpty() ? "." : dir;
    }

    private static List<String> render(List<CommandTemplate> templates, JobArgs args, int slot) {
        return templates.stream().map(t -> t.renderPlain(args, slot)).filter(f -> !f.isEmpty()).toList();
    }

    private String supervisor(String line, String shell, String workdir, long seq, int slot, SshLogin login,
                              boolean removeWorkdir) {
        StringBuilder perl = new StringBuilder();
        Map<String, String> vars = new LinkedHashMap<>(env);
        vars.put("PARALLEL_PID", pid);
        vars.put("PARALLEL_SEQ", Long.toString(seq));
        vars.put("PARALLEL_JOBSLOT", Integer.toString(slot));
        vars.put("PARALLEL_SSHLOGIN", login.name());
        vars.put("PARALLEL_SSHHOST", login.host().substring(login.host().indexOf('@') + 1));
        vars.put("SPOOL_SEQ", Long.toString(seq));
        vars.put("SPOOL_SLOT", Integer.toString(slot));
        vars.forEach((name, value) -> perl.append("$ENV{").append(perlString(name)).append("}=").append(perlString(value))
                .append(";\n"));
        perl.append("my $wd=").append(perlString(workdir)).append(";\n");
        perl.append("my $cmd=").append(perlString(line)).append(";\n");
        perl.append("my $shell=").append(perlString(shell)).append(";\n");
        perl.append("my $rmwd=").append(removeWorkdir ? 1 : 0).append(";\n");
        perl.append("""
                use Cwd;
                my $start = getcwd;
                if (length $wd) {
                    system("mkdir", "-p", "--", $wd);
                    chdir $wd or do { print STDERR "spool: cannot change to directory $wd: $!\\n"; exit 255 };
                }
                my $parent = getppid; my $done = 0; $SIG{CHLD} = sub { $done = 1 };
                my $pid = fork;
                defined $pid or do { print STDERR "spool: cannot fork: $!\\n"; exit 255 };
                unless ($pid) {
                    setpgrp(0, 0);
                    exec($shell, "-c", $cmd) or do { print STDERR "spool: cannot run $shell: $!\\n"; exit 127 };
                }
                my $s = 0;
                while (!$done && getppid == $parent) {
                    $s = $s < 1 ? 0.001 + $s * 1.03 : $s;
                    select(undef, undef, undef, $s);
                }
                if (!$done) {
                    for my $signal ("TERM", "TERM", "KILL") {
                        last unless kill(0, -$pid);
                        kill($signal, -$pid);
                        select(undef, undef, undef, 0.2);
                    }
                }
                waitpid($pid, 0);
                my $status = $?;
                if ($rmwd) { chdir $start; system("rm", "-rf", "--", $wd); }
                exit($status & 127 ? 128 + ($status & 127) : $status >> 8);
                """);
        return perl.toString();
    }

    /** A Perl string literal of {@code value}: {@code q\0...\0} (no argument or variable can hold NUL). */
    private static String perlString(String value) {
        return "q\0" + value + "\0";
    }

    private static String transferScript(SshLogin login, String file, String remoteDir) {
        RemotePath path = RemotePath.of(file, remoteDir);
        return "tar -C " + ShellQuoting.gnuQuote(path.localBase()) + " -cf - -- " + ShellQuoting.gnuQuote(path.rel()) + " | "
                + sshLine(login, "mkdir -p -- " + ShellQuoting.gnuQuote(path.remoteBase()) + " && tar -C "
                + ShellQuoting.gnuQuote(path.remoteBase()) + " -xf -");
    }

    private static String returnScript(SshLogin login, String file, String remoteDir) {
        RemotePath path = RemotePath.of(file, remoteDir);
        return sshLine(login, "tar -C " + ShellQuoting.gnuQuote(path.remoteBase()) + " -cf - -- " + ShellQuoting.gnuQuote(path.rel()))
                + " </dev/null | { mkdir -p -- " + ShellQuoting.gnuQuote(localParent(path)) + " && tar -C "
                + ShellQuoting.gnuQuote(path.localBase()) + " -xf -; }";
    }

    /** The local directory a returned file goes to: GNU parallel makes it even when the file is missing. */
    private static String localParent(RemotePath path) {
        int slash = path.rel().lastIndexOf('/');
        return slash <= 0 ? path.localBase() : path.localBase() + "/" + path.rel().substring(0, slash);
    }

    /** A line of the local script that runs {@code remoteLine} on the login's computer. */
    private static String sshLine(SshLogin login, String remoteLine) {
        List<String> words = new ArrayList<>(login.ssh());
        words.add(login.host());
        words.add("--");
        words.add(remoteLine);
        return join(words);
    }

    /**
     * A remote line that removes the files, then their directories that are left empty (GNU parallel's
     * --cleanup), ending in "; ".
     */
    private static String removal(List<String> remove) {
        List<String> parents = remove.stream().map(RemoteHosts::parent).filter(p -> !p.isEmpty()).distinct().toList();
        return "rm -f -- " + join(remove) + "; "
                + (parents.isEmpty() ? "" : "rmdir -p -- " + join(parents) + " 2>/dev/null; ");
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "" : path.substring(0, slash);
    }

    private static void runHere(String script, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int status = p.waitFor();
        if (status != 0) {
            System.err.println("spool: Warning: " + what + " failed (exit status " + status + ")");
        }
    }

    /** The CPUs of a remote computer, asked over ssh; 1, with a warning, if it does not answer. */
    private static int remoteCpus(SshLogin login) {
        List<String> command = new ArrayList<>(login.ssh());
        command.add(login.host());
        command.add("--");
        command.add("getconf _NPROCESSORS_ONLN 2>/dev/null || nproc");
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null"))).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) { // a few bytes: the pipe cannot fill
                byte[] out = p.getInputStream().readAllBytes();
                return Math.max(1, Integer.parseInt(new String(out, StandardCharsets.ISO_8859_1).strip()));
            }
            p.destroyForcibly();
        } catch (IOException | NumberFormatException e) {
            // falls through to the warning
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.err.println("spool: Warning: Could not figure out number of cpus on " + login.name() + ". Using 1.");
        return 1;
    }

    private static String hostname() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }

    /** The words as one shell line, each quoted. */
    private static String join(List<String> words) {
        return String.join(" ", words.stream().map(ShellQuoting::gnuQuote).toList());
    }

    private static List<byte[]> bytes(List<String> words) {
        return words.stream().map(w -> w.getBytes(StandardCharsets.ISO_8859_1)).toList();
    }
}
