package dev.spool.cli.remote;

import dev.spool.cli.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One computer to run jobs on, as GNU parallel's {@code --sshlogin} names it: {@code
 * [@group+group/][ncpus/]sshlogin}, where the sshlogin is {@code :} (this computer, no ssh), {@code host},
 * {@code user@host}, or {@code sshcommand [options] [user@]host}. A login is in the host groups it names and,
 * as in GNU parallel, in the one named by its text after them ({@code [ncpus/]sshlogin}).
 *
 * @param name  the sshlogin as written (without ncpus): the joblog's Host column
 * @param cpus  the ncpus given, or 0 to ask the computer
 * @param ssh   the ssh command and its options, before the host; empty for {@code :}
 * @param host  the {@code [user@]host} argument of ssh; {@code :} for this computer
 * @param ownSsh whether the login names its own ssh command ({@code sshcommand [options] host}), which
 *               {@code --controlmaster} leaves alone, as GNU parallel does
 * @param groups its host groups ({@code --hostgroups}, {@code -S @group})
 */
public record SshLogin(String name, int cpus, List<String> ssh, String host, boolean ownSsh, Set<String> groups) {

    private static final Pattern CPUS = Pattern.compile("(\\d*)/(.+)", Pattern.DOTALL);

    public SshLogin {
        ssh = List.copyOf(ssh);
        groups = Set.copyOf(groups);
    }

    /** Whether {@code spec} is a host-group filter, {@code @group[+group]}: only the computers in those groups. */
    public static boolean isGroupFilter(String spec) {
        String s = spec.strip();
        return s.startsWith("@") && s.indexOf('/') < 0;
    }

    /** The groups of a {@link #isGroupFilter group filter}. */
    public static Set<String> filterGroups(String spec) {
        return groupSet(spec.strip().substring(1));
    }

    private static Set<String> groupSet(String text) {
        Set<String> groups = new LinkedHashSet<>();
        for (String g : text.split("\\+")) {
            if (!g.isEmpty()) {
                groups.add(g);
            }
        }
        return groups;
    }

    /** Whether this login is in one of {@code wanted}. */
    public boolean inAnyGroup(Set<String> wanted) {
        for (String g : wanted) {
            if (groups.contains(g)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this is {@code :}, this computer. */
    public boolean local() {
        return ":".equals(host);
    }

    /**
     * Parses one sshlogin; {@code defaultSsh} is the ssh command ({@code --ssh}, {@code $PARALLEL_SSH} or
     * {@code ssh}) for a login that names none.
     *
     * @throws UsageException naming the login if it cannot be used
     */
    public static SshLogin parse(String spec, List<String> defaultSsh) {
        String rest = spec.strip();
        Set<String> groups = new LinkedHashSet<>();
        if (rest.startsWith("@")) {
            int slash = rest.indexOf('/');
            if (slash < 0) {
                throw new UsageException("--sshlogin '" + spec + "': a host group (@group) names no computer here");
            }
            groups.addAll(groupSet(rest.substring(1, slash)));
            rest = rest.substring(slash + 1);
        }
        groups.add(rest); // GNU parallel: a login is always in the group of its own [ncpus/]sshlogin
        int cpus = 0;
        Matcher m = CPUS.matcher(rest);
        if (m.matches() && (!m.group(1).isEmpty() || m.group(2).startsWith("/"))) {
            cpus = m.group(1).isEmpty() ? 0 : parseCpus(m.group(1), spec);
            rest = m.group(2);
        }
        if (rest.isEmpty()) {
            throw new UsageException("--sshlogin '" + spec + "': no host");
        }
        if (rest.equals(":")) {
            return new SshLogin(":", cpus, List.of(), ":", false, groups);
        }
        List<String> words = new ArrayList<>(List.of(rest.split("\\s+")));
        String host = words.removeLast();
        if (host.matches("[^@]*:[^@]*@.*")) { // the password is not repeated in the message
            String masked = host.substring(0, host.indexOf(':')) + ":***" + host.substring(host.lastIndexOf('@'));
            throw new UsageException("--sshlogin '" + masked + "': a password in the sshlogin (user:password@host)"
                    + " is not supported by spool: use a key (ssh-agent, ssh-copy-id)");
        }
        return new SshLogin(rest, cpus, words.isEmpty() ? defaultSsh : words, host, !words.isEmpty(), groups);
    }

    /** This login with {@code options} added to its ssh command, before the host. */
    public SshLogin withSshOptions(List<String> options) {
        List<String> command = new ArrayList<>(ssh);
        command.addAll(options);
        return new SshLogin(name, cpus, command, host, ownSsh, groups);
    }

    private static int parseCpus(String digits, String spec) {
        try {
            int n = Integer.parseInt(digits);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException tooLong) {
            // falls through
        }
        throw new UsageException("--sshlogin '" + spec + "': the number of CPUs must be 1 or more, was " + digits);
    }

    /**
     * Splits an {@code --sshlogin} value into sshlogins: at commas (a literal comma is written {@code \,} or
     * {@code ,,}) and newlines.
     */
    public static List<String> split(String value) {
        List<String> logins = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && value.charAt(i + 1) == ',') {
                current.append(',');
                i++;
            } else if (c == ',' && i + 1 < value.length() && value.charAt(i + 1) == ',') {
                current.append(',');
                i++;
            } else if (c == ',' || c == '\n') {
                add(logins, current);
            } else {
                current.append(c);
            }
        }
        add(logins, current);
        return logins;
    }

    private static void add(List<String> logins, StringBuilder current) {
        String login = current.toString().strip();
        if (!login.isEmpty()) {
            logins.add(login);
        }
        current.setLength(0);
    }
}
