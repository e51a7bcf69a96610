package dev.spool.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs one {@link DocCorpusCase} with GNU parallel and with spool, each in a fresh copy of the fixtures, and
 * compares stdout, exit status and the files in the fixture directory.
 *
 * <p>Each run gets a directory of its own holding {@code work} (the fixtures; the snippet's current
 * directory), {@code home} ({@code $HOME}), {@code parallel-home} ({@code $PARALLEL_HOME}, empty),
 * {@code tmp} ({@code $TMPDIR}); {@code SHELL} is bash and {@code PARALLEL_SHELL} and {@code PARALLEL} are
 * unset, as for a bash user. For spool, {@code PATH} starts with a directory in which {@code parallel} runs
 * spool, {@code sem} runs {@code spool --semaphore}, {@code env_parallel.bash} is spool's ({@code
 * bin/env_parallel.bash}: sourced, it defines {@code env_parallel} and {@code parset}), and the other
 * programs of GNU parallel's package ({@code env_parallel} and {@code parset} as commands, {@code parcat},
 * {@code parsort}, {@code niceload}, {@code sql}) fail with status 127, as they would where spool replaced
 * the package. For both, {@code ssh} reaches a real
 * sshd on 127.0.0.1 ({@link LocalSshd}) whatever the host name, as the user running the test; there the
 * command runs in the run's own {@code remote} directory (also its {@code $HOME}), whose files are compared
 * as {@code (remote)/NAME}. Without an sshd, {@code ssh} fails at once.
 *
 * <p>Normalisation before comparing (the same for both runs): the run's own absolute directories become
 * {@code /WORK}, {@code /HOME}, {@code /PARALLEL_HOME}, {@code /TMP}; the Starttime and JobRuntime columns
 * of joblog lines (and of {@code --results x.csv} rows) become {@code <time>}; {@code --files}' random
 * names become {@code parXXXXX.par}; with {@code !mask REGEX}, stdout's matches become {@code <masked>}
 * (a last line counts the distinct values); with {@code !sort}, the lines
 * of stdout and of every file are sorted (a joblog's lines, too, come in the order the jobs end). Files over 64 KiB
 * are compared by size and SHA-256.
 */
final class DocCorpusRun {

    /** What one tool did. */
    record Run(int exit, boolean timedOut, String stdout, String stderr, Map<String, String> files,
            Duration elapsed) {
        @Override
        public String toString() {
            return "exit " + exit + (timedOut ? " (timed out, killed)" : "") + ", " + elapsed.toMillis() + " ms"
                    + "\n--- stdout\n" + clip(stdout) + "--- stderr\n" + clip(stderr);
        }
    }

    /**
     * The runs of a case and what differed between them (empty: identical). {@code gnuRuns} is how many times
     * GNU parallel ran: once, or for a {@code !varies} case that differed, until one of its runs gave spool's
     * result or {@link #GNU_RUNS_FOR_VARIES} runs were made; {@code gnu} is the run compared (the matching one,
     * else the first).
     */
    record Outcome(DocCorpusCase c, Run gnu, Run spool, List<String> differences, int gnuRuns) {
        String report() {
            return String.join("\n", differences) + "\nGNU parallel: " + gnu + "\nspool: " + spool;
        }
    }

    /** GNU parallel in the place of spool too: a calibration of the corpus, not a test of spool. */
    private static final boolean AGAINST_ITSELF = "gnu".equals(System.getProperty("spool.docCorpus.against"));
    /** How many times GNU parallel runs a {@code !varies} case at most, looking for spool's result. */
    static final int GNU_RUNS_FOR_VARIES = 5;
    private static final String FIXTURES = "gnu-parallel-doc-corpus-fixtures.sh";
    /** Fixtures too large to copy for every case: copied only for a snippet that names them. */
    private static final Set<String> ON_DEMAND = Set.of("num30000", "num1000000");
    private static final int WHOLE_FILE_LIMIT = 64 * 1024;
    private static final Pattern JOBLOG_TIMES =
            Pattern.compile("(?m)^(\\d+\\t[^\\t\\n]*\\t)\\d+(?:\\.\\d+)?\\t\\s*\\d+(?:\\.\\d+)?\\t");
    /** The same columns in a {@code --results x.csv} table. */
    /** A {@code --workdir ...} directory: its name holds the host, the process id and a number. */
    /** --files' names: five random characters (GNU parallel's File::Temp, and spool's). */
    private static final Pattern PAR_FILE = Pattern.compile("(/|^|\\s)par[A-Za-z0-9_]{5}\\.par\\b", Pattern.MULTILINE);
    private static final Pattern UNIQUE_WORKDIR = Pattern.compile("(\\.parallel/tmp/)[^/\\s]+-\\d+-\\d+");
    private static final Pattern CSV_TIMES =
            Pattern.compile("(?m)^(\\d+,[^,\\n]*,)\\d+(?:\\.\\d+)?,\\d+(?:\\.\\d+)?,");

    private final Path root;
    private final Duration timeout;
    private final Path template;
    private final Path spoolBin;
    private final Path commonBin;
    private final AtomicInteger counter = new AtomicInteger();

    /** Names the run's {@code remote} directory, from the ssh client to the sshd. */
    private static final String REMOTE_VARIABLE = "SPOOL_CORPUS_REMOTE";
    /**
     * The sshd lines that make a command run in the directory the client names (see the class comment). The
     * shell that runs it starts with a home that does not exist: bash run by sshd reads {@code ~/.bashrc},
     * and the test user's own (which may start pyenv, nvm, ...) made each ssh connection take 0.6 s.
     */
    static final List<String> SSHD_CONFIG = List.of("AcceptEnv " + REMOTE_VARIABLE, "SetEnv HOME=/nonexistent",
            "ForceCommand cd \"$" + REMOTE_VARIABLE + "\" && HOME=$" + REMOTE_VARIABLE
                    + " && export HOME && eval \"$SSH_ORIGINAL_COMMAND\"");

    /** With {@code sshd} null, {@code ssh} fails at once; else it reaches {@code sshd}, started with {@link #SSHD_CONFIG}. */
    DocCorpusRun(Path root, Duration timeout, LocalSshd sshd) throws IOException {
        this.root = root;
        this.timeout = timeout;
        this.template = buildFixtures(Files.createDirectories(root.resolve("fixtures")));
        this.spoolBin = writeSpoolBin(Files.createDirectories(root.resolve("spool-bin")));
        this.commonBin = Files.createDirectories(root.resolve("common-bin"));
        script(commonBin.resolve("ssh"), sshd == null
                ? "echo \"ssh: no remote hosts in this test: ssh $*\" >&2; exit 255"
                : "exec /usr/bin/ssh -F " + sshd.configForEveryHost() + " -l " + System.getProperty("user.name")
                        + " -o SetEnv=" + REMOTE_VARIABLE + "=\"$" + REMOTE_VARIABLE + "\" \"$@\"");
    }

    /** Runs {@code c} with both tools and compares them. */
    Outcome compare(DocCorpusCase c) {
        try {
            // a short name: GNU parallel's --controlmaster socket path under $TMPDIR must stay below 108 bytes
            Path dir = Files.createDirectories(root.resolve("c" + counter.incrementAndGet()));
            Run gnu = run(c, dir.resolve("gnu"), null);
            // -Dspool.docCorpus.against=gnu: GNU parallel against itself, to see how far it agrees with itself
            Run spool = run(c, dir.resolve("spool"), AGAINST_ITSELF ? null : spoolBin);
            List<String> differences = differences(c, gnu, spool);
            int gnuRuns = 1;
            // GNU parallel's own result varies: spool's counts as identical if it is one of GNU's
            while (c.expectation() instanceof DocCorpusCase.Expectation.Varies && !differences.isEmpty()
                    && gnuRuns < GNU_RUNS_FOR_VARIES) {
                gnuRuns++;
                Run again = run(c, dir.resolve("gnu" + gnuRuns), null);
                if (differences(c, again, spool).isEmpty()) {
                    gnu = again;
                    differences = List.of();
                }
            }
            return new Outcome(c, gnu, spool, differences, gnuRuns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> differences(DocCorpusCase c, Run gnu, Run spool) {
        List<String> found = new ArrayList<>();
        if (!gnu.stdout().equals(spool.stdout())) {
            found.add("stdout differs");
        }
        if (gnu.exit() != spool.exit() || gnu.timedOut() != spool.timedOut()) {
            found.add("exit status differs: GNU parallel " + gnu.exit() + ", spool " + spool.exit()
                    + (spool.timedOut() ? " (spool timed out)" : ""));
        }
        Set<String> paths = new TreeSet<>(gnu.files().keySet());
        paths.addAll(spool.files().keySet());
        for (String path : paths) {
            String g = gnu.files().get(path);
            String s = spool.files().get(path);
            if (g == null) {
                found.add("file " + path + " made by spool only: " + clip(s));
            } else if (s == null) {
                found.add("file " + path + " made by GNU parallel only: " + clip(g));
            } else if (!g.equals(s)) {
                found.add("file " + path + " differs:\n  GNU parallel: " + clip(g) + "\n  spool: " + clip(s));
            }
        }
        return found;
    }

    private Run run(DocCorpusCase c, Path dir, Path bin) throws IOException, InterruptedException {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Path parallelHome = Files.createDirectories(dir.resolve("parallel-home"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path remote = Files.createDirectories(dir.resolve("remote"));
        copyFixtures(c, work);
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        // "exit $?" keeps bash from exec'ing the snippet's last command: GNU parallel picks the shell of its
        // jobs by its parent process, which must be bash there too, as in a user's terminal.
        var builder = new ProcessBuilder("setsid", "bash", "-c", c.snippet() + "exit $?\n")
                .directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.remove("PARALLEL");
        env.remove("PARALLEL_SHELL");
        env.put("SHELL", "/bin/bash");
        env.put("HOME", home.toString());
        env.put("PARALLEL_HOME", parallelHome.toString());
        env.put("TMPDIR", tmp.toString());
        env.put("LC_ALL", "C");
        env.put(REMOTE_VARIABLE, remote.toString());
        env.put("SERVER1", "server1.example.com"); // the tutorial's remote hosts (any name reaches the sshd)
        env.put("SERVER2", "server2.example.net");
        env.put("PATH", (bin == null ? "" : bin + ":") + commonBin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        long start = System.nanoTime();
        Process process = builder.start();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        killGroup(process.pid());
        if (!finished) {
            process.destroyForcibly();
            process.waitFor();
        }
        Map<String, String> replacements = new TreeMap<>((a, b) -> b.length() != a.length()
                ? Integer.compare(b.length(), a.length()) : a.compareTo(b));
        replacements.put(work.toString(), "/WORK");
        replacements.put(home.toString(), "/HOME");
        replacements.put(parallelHome.toString(), "/PARALLEL_HOME");
        replacements.put(tmp.toString(), "/TMP");
        replacements.put(remote.toString(), "/REMOTE");
        if (bin != null) {
            // a script that names the parallel or sem on PATH (#!$(command -v parallel) --shebang ...) names
            // spool's there: compared as the GNU program's path
            for (String program : new String[] {"parallel", "sem"}) {
                gnuProgram(program).ifPresent(gnu -> replacements.put(bin.resolve(program).toString(), gnu));
            }
        }
        String stdout = normalise(Files.readString(out, StandardCharsets.ISO_8859_1), replacements);
        if (c.mask() != null) {
            stdout = mask(stdout, c.mask());
        }
        Map<String, String> files = snapshot(work, replacements);
        snapshot(remote, replacements).forEach((name, content) -> files.put("(remote)/" + name, content));
        if (c.sorted()) {
            stdout = sortLines(stdout);
            files.replaceAll((name, content) -> sortLines(content));
        }
        return new Run(finished ? process.exitValue() : -1, !finished, stdout,
                Files.readString(err, StandardCharsets.ISO_8859_1), files, elapsed);
    }

    /** Every match of {@code mask} becomes {@code <masked>}; a last line counts the distinct values masked. */
    static String mask(String text, Pattern mask) {
        Set<String> values = new TreeSet<>();
        String masked = mask.matcher(text).replaceAll(m -> {
            values.add(m.group());
            return "<masked>";
        });
        return masked + "(" + values.size() + " distinct values masked)\n";
    }

    private static String sortLines(String text) {
        return text.lines().sorted().map(l -> l + "\n").collect(Collectors.joining());
    }

    /** SIGKILL to the run's process group (setsid made bash its leader): nothing it left behind runs on. */
    private static void killGroup(long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + pid)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        kill.waitFor(5, TimeUnit.SECONDS);
    }

    private static String normalise(String text, Map<String, String> replacements) {
        for (var e : replacements.entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        text = JOBLOG_TIMES.matcher(text).replaceAll("$1<time>\t<time>\t");
        text = UNIQUE_WORKDIR.matcher(text).replaceAll("$1HOST-PID-N");
        text = PAR_FILE.matcher(text).replaceAll("$1parXXXXX.par");
        return CSV_TIMES.matcher(text).replaceAll("$1<time>,<time>,");
    }

    /** Every file and directory under {@code work}: relative path to content (or a digest, or a link). */
    private static Map<String, String> snapshot(Path work, Map<String, String> replacements) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Map<String, List<String>> contents = new TreeMap<>();
        try (Stream<Path> all = Files.walk(work)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (p.equals(work)) {
                    continue;
                }
                String name = normalise(work.relativize(p).toString(), replacements);
                if (Files.isSymbolicLink(p)) {
                    files.put(name, "symlink -> " + normalise(Files.readSymbolicLink(p).toString(), replacements));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(name + "/", "(directory)");
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    contents.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(content(p, replacements));
                } else {
                    files.put(name, "(special file)");
                }
            }
        } catch (UncheckedIOException e) {
            files.put("(walk failed)", e.getCause().toString());
        }
        // files whose names normalise alike (--files' parXXXXX.par): their contents, sorted
        contents.forEach((name, texts) -> files.put(name, texts.stream().sorted()
                .collect(java.util.stream.Collectors.joining("\n(and)\n"))));
        return files;
    }

    private static String content(Path file, Map<String, String> replacements) throws IOException {
        long size = Files.size(file);
        if (size > WHOLE_FILE_LIMIT) {
            try (InputStream in = Files.newInputStream(file)) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
                return size + " bytes, sha256 " + HexFormat.of().formatHex(digest.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return normalise(Files.readString(file, StandardCharsets.ISO_8859_1), replacements);
    }

    /** Writes what differed in {@code outcome}, and both runs' output, to {@code dir/ID.txt}. */
    static void writeReport(Outcome outcome, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(outcome.c().id() + ".txt"), outcome.c().describe() + "\n\n" + outcome.report()
                + "\n--- GNU parallel's stderr in full\n" + outcome.gnu().stderr()
                + "\n--- spool's stderr in full\n" + outcome.spool().stderr(), StandardCharsets.ISO_8859_1);
    }

    /** Runs the fixtures script into {@code dir} once; each run copies the result. */
    private static Path buildFixtures(Path dir) throws IOException {
        Path script = dir.resolveSibling("fixtures.sh");
        try (InputStream in = DocCorpusRun.class.getResourceAsStream(FIXTURES)) {
            if (in == null) {
                throw new java.io.FileNotFoundException("no test resource " + FIXTURES);
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            Process p = new ProcessBuilder("bash", script.toString()).directory(dir.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(FIXTURES + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return dir;
    }

    private void copyFixtures(DocCorpusCase c, Path work) throws IOException {
        try (Stream<Path> all = Files.walk(template)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path relative = template.relativize(p);
                if (relative.toString().isEmpty()) {
                    continue;
                }
                if (ON_DEMAND.contains(relative.toString()) && !c.snippet().contains(relative.toString())) {
                    continue;
                }
                Path target = work.resolve(relative.toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /**
     * The directory that comes first on spool's PATH. Its scripts are bash scripts, as bin/spool is: dash
     * would drop the exported bash functions ({@code BASH_FUNC_f%%}) from the environment on the way. When
     * the JVM can make one, spool starts from an AOT cache made by one training run here (JDK 25, JEP 483),
     * as bin/spool does: the corpus starts spool about a thousand times.
     */
    /** Where {@code program} of GNU parallel's package is on this JVM's PATH. */
    private static java.util.Optional<String> gnuProgram(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return java.util.Optional.of(candidate.toString());
            }
        }
        return java.util.Optional.empty();
    }

    private static Path writeSpoolBin(Path bin) throws IOException {
        List<String> command = new ArrayList<>(SpoolCli.spoolCommand(List.of("-Xlog:disable",
                "-Xlog:all=warning:stderr", "-Xlog:aot=off:stderr", "-Xlog:cds=off:stderr")));
        Path aot = bin.resolve("spool.aot");
        List<String> training = new ArrayList<>(command);
        training.add(1, "-XX:AOTCacheOutput=" + aot);
        training.addAll(List.of("-j2", "--tag", "-k", "echo", ":::", "a", "b"));
        try {
            Process p = new ProcessBuilder(training).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                Files.deleteIfExists(aot);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (Files.exists(aot)) {
            command.add(1, "-XX:AOTCache=" + aot);
        }
        String spool = command.stream().map(DocCorpusRun::shellQuote).collect(Collectors.joining(" "));
        script(bin.resolve("parallel"), "exec " + spool + " \"$@\"");
        script(bin.resolve("sem"), "exec " + spool + " --semaphore \"$@\"");
        // spool's env_parallel.bash runs the spool beside it
        script(bin.resolve("spool"), "exec " + spool + " \"$@\"");
        Files.copy(Path.of(System.getProperty("user.dir")).resolveSibling("bin").resolve("env_parallel.bash"),
                bin.resolve("env_parallel.bash"), StandardCopyOption.REPLACE_EXISTING);
        for (String other : List.of("env_parallel", "parset", "parcat", "parsort", "niceload", "sql")) {
            script(bin.resolve(other), "echo '" + other + ": not provided by spool' >&2; exit 127");
        }
        return bin;
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String shellQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static String clip(String text) {
        if (text == null) {
            return "(none)";
        }
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "... (" + text.length() + " chars)\n";
    }
}
