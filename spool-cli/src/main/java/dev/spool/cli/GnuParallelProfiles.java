package dev.spool.cli;

import dev.spool.cli.job.IoReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GNU parallel's default options: its configuration files (or the profiles named by {@code -J}/{@code
 * --profile}) and {@code $PARALLEL}, added to the command line as GNU parallel adds them. Not with
 * {@code --plain}.
 *
 * <p>Where they come from, as in GNU parallel 20221122:
 * <ul>
 *   <li>The config directories, those of these that exist: {@code $PARALLEL_HOME},
 *       {@code $XDG_CONFIG_HOME/parallel}, each {@code $XDG_CONFIG_DIRS} entry {@code /parallel},
 *       {@code $HOME/.parallel}.
 *   <li>Without {@code -J}: {@code /etc/parallel/config}, {@code config} in each config directory, and
 *       {@code ~/.parallelrc}, those that exist. With {@code -J NAME} (repeatable): {@code NAME} if it starts
 *       with {@code /} or {@code ./}, else {@code NAME} in every config directory that has it. A profile
 *       found nowhere is an error here (GNU parallel ignores it silently).
 *   <li>A file's lines are split into words as a shell would (Perl's {@code shellwords}); lines starting
 *       with {@code #} are comments. {@code $PARALLEL} is split the same way.
 * </ul>
 * Each list's options come before the command line's (which wins, parsed last), and its other words
 * (a command prefix such as {@code nice}) before the command: profile, then {@code $PARALLEL}, then the
 * command line.
 */
final class GnuParallelProfiles {

    private GnuParallelProfiles() {}

    /**
     * The command line {@code args} with the default options of {@code env} added; {@code args} itself
     * when there are none. ISO-8859-1 carried strings, as {@link RawArgs} makes them.
     *
     * @throws UsageException for a profile that is not found or cannot be read, naming it
     */
    static String[] expand(String[] args, Map<String, String> env) {
        List<String> argv = List.of(args);
        int end = FastRunParser.optionsEnd(argv);
        List<String> profiles = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            String arg = argv.get(i);
            if (arg.equals("--plain")) {
                return args;
            }
            if ((arg.equals("-J") || arg.equals("--profile")) && i + 1 < end) {
                profiles.add(argv.get(++i));
            } else if (arg.startsWith("--profile=")) {
                profiles.add(arg.substring("--profile=".length()));
            } else if (arg.startsWith("-J") && arg.length() > 2) {
                profiles.add(arg.substring(2));
            }
        }
        List<String> fromFiles = new ArrayList<>();
        for (Path file : files(profiles, env)) {
            fromFiles.addAll(read(file));
        }
        String parallel = env.get("PARALLEL");
        List<String> fromEnv = parallel == null || parallel.isEmpty() ? List.of()
                : shellWords(RawArgs.fromPlatform(parallel));
        if (fromFiles.isEmpty() && fromEnv.isEmpty()) {
            return args;
        }
        int filesEnd = FastRunParser.optionsEnd(fromFiles);
        int envEnd = FastRunParser.optionsEnd(fromEnv);
        List<String> all = new ArrayList<>(fromFiles.subList(0, filesEnd));
        all.addAll(fromEnv.subList(0, envEnd));
        all.addAll(argv.subList(0, end));
        all.addAll(fromFiles.subList(filesEnd, fromFiles.size()));
        all.addAll(fromEnv.subList(envEnd, fromEnv.size()));
        all.addAll(argv.subList(end, argv.size()));
        return all.toArray(String[]::new);
    }

    /** The files to read: the named profiles, or the config files that exist. */
    private static List<Path> files(List<String> profiles, Map<String, String> env) {
        List<Path> dirs = configDirs(env);
        List<Path> files = new ArrayList<>();
        if (profiles.isEmpty()) {
            files.add(Path.of("/etc/parallel/config"));
            dirs.forEach(d -> files.add(d.resolve("config")));
            String home = env.get("HOME");
            if (home != null && !home.isEmpty()) {
                files.add(Path.of(home, ".parallelrc"));
            }
            return files.stream().filter(Files::isRegularFile).toList();
        }
        for (String profile : profiles) {
            String name = RawArgs.toPlatform(profile);
            List<Path> found = name.startsWith("/") || name.startsWith("./") ? List.of(Path.of(name))
                    : dirs.stream().map(d -> d.resolve(name)).toList();
            found = found.stream().filter(Files::isRegularFile).toList();
            if (found.isEmpty()) {
                throw new UsageException("--profile: '" + profile + "' is not a file"
                        + (name.startsWith("/") || name.startsWith("./") ? ""
                        : " in " + (dirs.isEmpty() ? "any config directory ($PARALLEL_HOME, ~/.parallel)"
                        : String.join(", ", dirs.stream().map(d -> RawArgs.fromPlatform(d.toString())).toList()))));
            }
            files.addAll(found);
        }
        return files;
    }

    /** GNU parallel's config directories that exist, in its order, without repeats. */
    /**
     * Where GNU parallel keeps its files ({@code $Global::config_dir}): {@code $PARALLEL_HOME}, else
     * {@code $XDG_CONFIG_HOME/parallel} if it exists, else {@code ~/.parallel}.
     */
    static Path configDir() {
        String home = System.getenv("PARALLEL_HOME");
        if (home != null && !home.isEmpty()) {
            return Path.of(home);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isEmpty() && Files.isDirectory(Path.of(xdg, "parallel"))) {
            return Path.of(xdg, "parallel");
        }
        return Path.of(System.getProperty("user.home"), ".parallel");
    }

    private static List<Path> configDirs(Map<String, String> env) {
        Set<String> candidates = new LinkedHashSet<>();
        addIfSet(candidates, env.get("PARALLEL_HOME"), "");
        addIfSet(candidates, env.get("XDG_CONFIG_HOME"), "/parallel");
        for (String dir : env.getOrDefault("XDG_CONFIG_DIRS", "").split(":")) {
            addIfSet(candidates, dir, "/parallel");
        }
        addIfSet(candidates, env.get("HOME"), "/.parallel");
        return candidates.stream().map(Path::of).filter(Files::isDirectory).toList();
    }

    private static void addIfSet(Set<String> dirs, String dir, String suffix) {
        if (dir != null && !dir.isEmpty()) {
            dirs.add(dir + suffix);
        }
    }

    /** A profile's words: each line split as a shell would, {@code #} lines skipped. */
    private static List<String> read(Path file) {
        List<String> words = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                if (!line.stripLeading().startsWith("#")) {
                    words.addAll(shellWords(line));
                }
            }
        } catch (IOException e) {
            throw new UsageException("cannot read the profile '" + RawArgs.fromPlatform(file.toString()) + "': "
                    + IoReason.of(e), e);
        }
        return words;
    }

    /**
     * {@code line} split into words as Perl's {@code Text::ParseWords::shellwords} splits it: white space
     * separates words; {@code '...'} is literal; in {@code "..."} and outside quotes a backslash takes the
     * next character literally.
     */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new UsageException("unmatched " + quote + " in GNU parallel default options: " + line);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
