package dev.spool.cli.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shell that runs shell jobs ({@code SHELL -c LINE}), chosen once per run from the environment as GNU
 * parallel chooses it, and the exported bash functions that a job may call by name.
 *
 * <ul>
 *   <li>{@code $PARALLEL_SHELL}, if set: that shell, as in GNU parallel. It must be a shell whose quoting
 *       is POSIX's ({@link #POSIX_QUOTING}), since every value is quoted for it; another one (fish, csh) is
 *       refused by name.
 *   <li>Else, when the environment exports bash functions ({@code export -f f} puts {@code BASH_FUNC_f%%}
 *       in it): {@code bash}, which imports them; a command whose first word is such a function runs through
 *       it (GNU parallel runs every job under the user's shell, so {@code parallel f ::: a} calls it).
 *   <li>Else {@code /bin/sh}, which starts fastest; but a command that uses syntax of bash's that {@code
 *       /bin/sh} (dash) refuses or reads otherwise ({@link #bashOnly}: {@code <(...)}, {@code >(...)},
 *       {@code [[ ]]}, {@code $'...'}, {@code <<<}, {@code &>}) runs under bash, as it would under GNU
 *       parallel for a bash user ({@link #bashFor}).
 * </ul>
 *
 * <p>{@code $PARALLEL_ENV} (what GNU parallel's {@code env_parallel} sets: the caller's aliases, functions
 * and variables as shell code, or the name of a file that holds them; {@code \001} stands for a newline) is
 * run before every job, as GNU parallel runs it: every job then runs through the shell ({@code
 * $PARALLEL_SHELL}, else {@code bash}), with the job's line after that code. The jobs do not inherit the
 * variable itself, which may be large.
 *
 * @param path the shell to run, as given or found
 * @param functions the names of the exported bash functions (empty when none, or no bash to run them)
 * @param prelude the code of {@code $PARALLEL_ENV}, run before each job's line; null when it is not set
 */
public record JobShell(String path, Set<String> functions, String prelude) {

    /**
     * {@code /bin/sh}, no functions: the shell when the environment asks for nothing else (this instance; a
     * {@code $PARALLEL_SHELL} of {@code /bin/sh} is another, which a command of bash syntax does not change).
     */
    public static final JobShell SH = new JobShell("/bin/sh", Set.of());

    /** The variable GNU parallel's {@code env_parallel} passes the caller's environment in. */
    public static final String PARALLEL_ENV = "PARALLEL_ENV";

    /** Shells whose quoting is POSIX's ({@code '...'}, {@code "..."}, backslash): those spool quotes for. */
    static final Set<String> POSIX_QUOTING = Set.of("sh", "bash", "dash", "zsh", "ksh", "ksh93", "mksh",
            "pdksh", "ash", "yash", "posh", "busybox");

    private static final String FUNCTION_PREFIX = "BASH_FUNC_";

    public JobShell {
        functions = Set.copyOf(functions);
    }

    /** A shell without {@code $PARALLEL_ENV}. */
    public JobShell(String path, Set<String> functions) {
        this(path, functions, null);
    }

    /**
     * The shell for an environment, as the class comment says.
     *
     * @throws JobSpecException if {@code $PARALLEL_SHELL} names a shell whose quoting is not POSIX's, or
     *                          {@code $PARALLEL_ENV} names a file that cannot be read
     */
    public static JobShell of(Map<String, String> env) {
        JobShell shell = chosen(env);
        String prelude = prelude(env.get(PARALLEL_ENV));
        if (prelude == null) {
            return shell;
        }
        if (shell == SH) { // env_parallel hands over bash code (declare, shopt): run it where it was made
            String bash = findOnPath("bash", env.getOrDefault("PATH", "/usr/bin:/bin"));
            shell = bash == null ? SH : new JobShell(bash, Set.of());
        }
        return new JobShell(shell.path(), shell.functions(), prelude);
    }

    /** GNU parallel's reading of {@code $PARALLEL_ENV}: its value, or the file it names; null when unset. */
    private static String prelude(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String code = value;
        Path file = value.indexOf('\n') < 0 && value.length() < 4096 ? pathOrNull(value) : null;
        if (file != null && Files.exists(file)) {
            try {
                code = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new JobSpecException("$PARALLEL_ENV: cannot read '" + value + "': " + IoReason.of(e));
            }
        }
        return code.replace('\001', '\n');
    }

    private static Path pathOrNull(String text) {
        try {
            return Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    private static JobShell chosen(Map<String, String> env) {
        Set<String> functions = new TreeSet<>();
        for (String name : env.keySet()) {
            if (name.startsWith(FUNCTION_PREFIX) && name.endsWith("%%")) {
                functions.add(name.substring(FUNCTION_PREFIX.length(), name.length() - 2)); // bash >= 4.3
            } else if (name.startsWith(FUNCTION_PREFIX) && name.endsWith("()")) {
                functions.add(name.substring(FUNCTION_PREFIX.length(), name.length() - 2)); // patched 4.2
            }
        }
        String chosen = env.get("PARALLEL_SHELL");
        if (chosen != null && !chosen.isEmpty()) {
            String base = chosen.substring(chosen.lastIndexOf('/') + 1);
            if (!POSIX_QUOTING.contains(base)) {
                throw new JobSpecException("$PARALLEL_SHELL: '" + chosen + "' is not a shell whose quoting spool"
                        + " knows (" + String.join(", ", new TreeSet<>(POSIX_QUOTING)) + ")");
            }
            return new JobShell(chosen, base.equals("bash") ? functions : Set.of());
        }
        if (functions.isEmpty()) {
            return SH;
        }
        String bash = findOnPath("bash", env.getOrDefault("PATH", "/usr/bin:/bin"));
        return bash == null ? SH : new JobShell(bash, functions);
    }

    /** Syntax of bash's that dash refuses ({@code <(}, {@code [[}, ...) or reads otherwise ({@code &>}: background). */
    private static final java.util.regex.Pattern BASH_ONLY =
            java.util.regex.Pattern.compile("[<>]\\(|\\[\\[|\\$'|<<<|&>");

    /**
     * Whether shell code {@code text} uses syntax of bash's that {@code /bin/sh} refuses or reads otherwise:
     * process substitution, {@code [[ ]]}, {@code $'...'}, here-strings, {@code &>}. A match inside quotes
     * counts too: running such a line under bash costs a little start-up time, never a different meaning.
     */
    public static boolean bashOnly(String text) {
        return BASH_ONLY.matcher(text).find();
    }

    /**
     * The shell for a command that needs bash ({@link #bashOnly}): {@code $SHELL} when it is a bash (GNU
     * parallel runs its jobs under {@code $SHELL}), else {@code bash} on {@code PATH}; {@link #SH} when there
     * is none (the shell's error then says what it could not read).
     */
    public static JobShell bashFor(Map<String, String> env) {
        String user = env.get("SHELL");
        if (user != null && user.startsWith("/") && user.endsWith("/bash")) {
            Path path = pathOrNull(user);
            if (path != null && Files.isExecutable(path)) {
                return new JobShell(user, Set.of());
            }
        }
        String bash = findOnPath("bash", env.getOrDefault("PATH", "/usr/bin:/bin"));
        return bash == null ? SH : new JobShell(bash, Set.of());
    }

    private static String findOnPath(String program, String path) {
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
