package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.TestTimeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing the command line: random and malformed argument vectors (options out of range, empty strings,
 * bytes that are not UTF-8, 100 kB arguments, missing and unreadable files, directories as files, bad
 * regular expressions, nested shells) each end within {@link #CASE_DEADLINE}, never with a stack trace or an
 * out-of-memory error, and an error (exit 255) is one line starting {@code spool: } (picocli's errors add
 * the line {@code Try 'spool --help'...}).
 *
 * <p>Bounded: each case is a child JVM with a {@value #HEAP} heap; generated vectors keep {@code -j} small
 * unless they also say {@code --dry-run}, use {@code --delay} of at most 0.01 s, run at most three cheap
 * jobs ({@code echo}, {@code true}), and read no endless input ({@code /dev/zero} is a fixed example only).
 * Arguments reach the command byte for byte through a NUL-separated file that {@code bash} turns into argv.
 */
class MalformedArgumentsPropertyTest {

    /** The longest a case may take: a JVM start on a loaded machine, and one small run. */
    private static final Duration CASE_DEADLINE = TestTimeouts.scaled(Duration.ofSeconds(15));
    private static final String HEAP = "-Xmx256m";
    private static final String HUGE = "x".repeat(100_000);
    private static final String NOT_UTF8 = "\u00ff\u00fe\u00c3";
    /** A value that creates the file {@code pwned} if it ever runs as code. */
    private static final String PAYLOAD = "$(touch pwned)";

    /** Holds one directory per case. */
    private static Path root;

    @BeforeContainer
    static void createRoot() throws IOException {
        root = Files.createTempDirectory("spool-fuzz");
    }

    @AfterContainer
    static void removeRoot() throws IOException {
        delete(root);
    }

    /** A fresh directory with the fixtures: cases write joblogs and directories, and must not see each other's. */
    private static Path fixtures() throws IOException {
        Path dir = Files.createTempDirectory(root, "case");
        Files.writeString(dir.resolve("file"), "a\nb\n");
        Files.createDirectory(dir.resolve("dir"));
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
        return dir;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ---- generated vectors ----

    @Property(tries = 30)
    void anyArgumentVector_endsQuicklyWithoutAStackTrace(@ForAll("vectors") List<String> args) throws Exception {
        assertEndsCleanly(args);
    }

    @Provide
    Arbitrary<List<String>> vectors() {
        Arbitrary<List<String>> option = Arbitraries.oneOf(
                valued("-j", jobs()), valued("--timeout", garbageOr("10", "5%", "0.5")),
                valued("--delay", garbageOr("0", "0.01")), valued("--retries", garbageOr("1", "2")),
                valued("--halt", garbageOr("now,fail=1", "soon,success=50%", "2")),
                valued("--termseq", garbageOr("TERM,10,KILL,10", "KILL")),
                valued("-n", garbageOr("1", "2")), valued("-N", garbageOr("1", "2")),
                valued("-d", garbageOr(",", "\\n", "\\0", "\\777", "ab")),
                valued("--colsep", garbageOr(",", "(", "[", "*", "\\", "a{2,1}")),
                valued("--trim", garbageOr("lr", "n")), valued("-I", garbageOr("X", "{}")),
                valued("--tagstring", garbageOr("T{}", "{=")),
                valued("--joblog", files()), valued("--tmpdir", files()), valued("-a", files()),
                Arbitraries.of("-k", "-v", "--dry-run", "--tag", "-u", "--line-buffer", "--group", "--link",
                        "--bar", "-0", "--resume", "--resume-failed", "--retry-failed", "--no-such-option", "-X",
                        "--shard", "-" + NOT_UTF8, "--" + HUGE, "-j", "--").map(List::of));
        Arbitrary<List<String>> command = Arbitraries.of(List.of("echo"), List.of("true"),
                List.of("echo", "{}", "{#}", "{%}"), List.of("echo {} | cat"), List.of("sh -c 'echo {}'"),
                List.of("echo {=s/a/b/=}"), List.of("echo \\{}"), List.of("echo ${}"), List.of("echo", HUGE),
                List.of("echo", NOT_UTF8 + "{}"), List.of());
        Arbitrary<List<String>> sources = Arbitraries.oneOf(
                Arbitraries.of(List.of(":::", "a", "b c", PAYLOAD), List.of(":::", ""),
                        List.of(":::", NOT_UTF8), List.of(":::", HUGE), List.of(":::"), List.of(":::+", "a"),
                        List.of()),
                files().map(f -> List.of("::::", f)));
        return Combinators.combine(option.list().ofMaxSize(4), command, sources).as((options, words, input) -> {
            List<String> args = new ArrayList<>();
            options.forEach(args::addAll);
            args.addAll(words);
            // with no command the values are the commands, on purpose: then no value is a payload
            input.forEach(v -> args.add(words.isEmpty() && v.equals(PAYLOAD) ? "x" : v));
            return bounded(args);
        });
    }

    /** Keeps a generated vector cheap: a -j beyond a handful only with --dry-run. */
    private static List<String> bounded(List<String> args) {
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("-j") && args.get(i + 1).matches("[+]?[0-9]{3,}%?")) {
                List<String> dry = new ArrayList<>(args);
                dry.addFirst("--dry-run");
                return dry;
            }
        }
        return args;
    }

    private static Arbitrary<List<String>> valued(String option, Arbitrary<String> values) {
        return values.map(v -> List.of(option, v));
    }

    private static Arbitrary<String> jobs() {
        return Arbitraries.oneOf(garbageOr("1", "2", "+0", "-1", "50%", "0"),
                Arbitraries.of("2147483647", "+2147483647", "99999999999999999999", "9999999999%"));
    }

    private static Arbitrary<String> garbageOr(String... valid) {
        return Arbitraries.oneOf(Arbitraries.of(valid), Arbitraries.of("", " ", "-1", "0", "-0", "NaN", "NaN%",
                "Infinity", "Infinity%", "1e308", "1e308%", "--3", "+-5", "99999999999999999999", "-99999999999",
                "0x10", "\u0663", "a\nb", NOT_UTF8, HUGE, "%", "1.5.5", "\\"));
    }

    private static Arbitrary<String> files() {
        return Arbitraries.of("file", "dir", "missing", "file/x", "ro/x", "", "-", "/dev/null", NOT_UTF8, HUGE);
    }

    // ---- the cases of issue 10, fixed ----

    @Example
    void jobCounts_outOfRangeOrGarbage_oneLineExit255() throws Exception {
        for (String jobs : List.of("+-5", "NaN%", "--3", "Infinity%", "1e308%", "-99999999999", "0%", "")) {
            assertError(List.of("-j", jobs, "echo", ":::", "a"), "spool: -j: '");
        }
    }

    @Example
    void jobCounts_hugeButValid_dryRunPrintsTheJobs() throws Exception {
        for (String jobs : List.of("2147483647", "+2147483647", "99999999999999999999", "1e3%".replace("1e3", "1000"))) {
            Run run = assertEndsCleanly(List.of("--dry-run", "-j", jobs, "echo", ":::", "a"));
            assertThat(run.exit()).isZero();
            assertThat(run.out()).isEqualTo("echo a\n");
        }
    }

    @Example
    void endlessRecord_oneLineExit255NamingTheLimit() throws Exception {
        assertError(List.of("--dry-run", "-a", "/dev/zero", "echo", "{}"), "spool: input file '/dev/zero': a record");
        assertError(List.of("--dry-run", "-a", "/dev/full", "echo", "{}"), "spool: input file '/dev/full': a record");
    }

    @Example
    void unusableFiles_oneLineExit255() throws Exception {
        assertError(List.of("echo", "::::", "missing"), "spool: cannot open input file 'missing'");
        assertError(List.of("echo", "::::", "dir"), "spool: cannot read input file 'dir': Is a directory");
        assertError(List.of("echo", "::::", "file/x"), "spool: cannot open input file 'file/x': Not a directory");
        assertError(List.of("--joblog", "", "echo", ":::", "a"), "spool: --joblog: '' is not a file name");
        assertError(List.of("--joblog", "dir", "echo", ":::", "a"), "spool: --joblog: cannot write 'dir'");
        assertError(List.of("--tmpdir", "file", "echo", ":::", "a"), "spool: --tmpdir: cannot use 'file'");
        assertError(List.of("--resume", "--joblog", "file", "echo", ":::", "a"), "spool: --joblog: file line 1");
    }

    @Example
    void badRegularExpressionsAndDelimiters_oneLineExit255() throws Exception {
        for (String regex : List.of("(", "[", "*", "a{2,1}", "\\")) {
            assertError(List.of("--colsep", regex, "echo", ":::", "a"), "spool: --colsep '");
        }
        assertError(List.of("-d", "", "echo", ":::", "a"), "spool: -d ''");
        assertError(List.of("-d", "\\777", "echo", ":::", "a"), "spool: -d '\\777'");
    }

    @Example
    void hugeAndUndecodableValues_oneShortReadableLine() throws Exception {
        for (String option : List.of("-j", "--timeout", "--halt", "--delay", "--termseq", "--trim")) {
            Run run = assertError(List.of(option, HUGE, "echo", ":::", "a"), "spool: " + option);
            assertThat(run.err().length()).isLessThan(400);
            run = assertError(List.of(option, NOT_UTF8, "echo", ":::", "a"), "spool: " + option);
            assertThat(run.err()).contains("\\xff\\xfe\\xc3");
        }
    }

    @Example
    void unknownAndUnsupportedOptions_exit255() throws Exception {
        assertError(List.of("--no-such-option", "echo", ":::", "a"), "spool: Unknown option");
        assertError(List.of("--shard", "cat"), "spool: --shard is a GNU parallel option");
        assertError(List.of("--" + HUGE, "echo"), "spool: ");
        assertError(List.of("-j"), "spool: ");
    }

    // ---- running one case ----

    /** What one case did. */
    private record Run(int exit, String out, String err, boolean timedOut, boolean pwned) {}

    private static Run assertError(List<String> args, String expectedStart) throws Exception {
        Run run = assertEndsCleanly(args);
        assertThat(run.exit()).as("exit status of %s; stderr: %s", shown(args), run.err()).isEqualTo(255);
        assertThat(run.err()).as("stderr of %s", shown(args)).startsWith(expectedStart);
        return run;
    }

    private static Run assertEndsCleanly(List<String> args) throws Exception {
        Run run = run(args);
        String what = shown(args);
        assertThat(run.timedOut()).as("%s still running after %s", what, CASE_DEADLINE).isFalse();
        assertThat(run.err()).as("stderr of %s", what).doesNotContain("\tat ").doesNotContain("Exception")
                .doesNotContain("OutOfMemoryError").doesNotContain("internal error");
        assertThat(run.pwned()).as("a value ran as code: %s", what).isFalse();
        if (run.exit() == ExitCodes.ERROR) {
            List<String> lines = run.err().lines().toList();
            assertThat(lines).as("stderr of %s", what).isNotEmpty();
            assertThat(lines.getFirst()).as("stderr of %s", what).startsWith("spool: ").hasSizeLessThan(400);
            assertThat(lines.subList(1, lines.size())).as("stderr of %s", what)
                    .allMatch(line -> line.startsWith("Try 'spool --help'"));
        }
        return run;
    }

    /** Runs spool with {@code args} passed byte for byte, no stdin, in the fixtures directory. */
    private static Run run(List<String> args) throws Exception {
        Path dir = fixtures();
        try {
            return run(args, dir);
        } finally {
            Files.setPosixFilePermissions(dir.resolve("ro"), PosixFilePermissions.fromString("rwx------"));
            delete(dir);
        }
    }

    private static Run run(List<String> args, Path dir) throws Exception {
        Path argFile = Files.createTempFile(root, "args", ".bin");
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        for (String a : args) {
            packed.writeBytes(a.getBytes(StandardCharsets.ISO_8859_1));
            packed.write(0);
        }
        Files.write(argFile, packed.toByteArray());
        List<String> java = new ArrayList<>(SpoolCli.spoolCommand());
        java.add(1, HEAP);
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "mapfile -d '' -t a < \"$1\"; rm -f \"$1\"; shift; exec \"$@\" \"${a[@]}\"", "bash",
                argFile.toString()));
        command.addAll(java);
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        CompletableFuture<byte[]> out = SpoolCli.drain(process.getInputStream());
        CompletableFuture<byte[]> err = SpoolCli.drain(process.getErrorStream());
        boolean ended = process.waitFor(CASE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor();
        }
        return new Run(ended ? process.exitValue() : -1, text(out.join()), text(err.join()), !ended,
                Files.exists(dir.resolve("pwned")));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The vector for a message: long arguments cut. */
    private static String shown(List<String> args) {
        return args.stream().map(a -> a.length() > 40 ? a.substring(0, 20) + "...(" + a.length() + ")" : a)
                .map(a -> "'" + a + "'").toList().toString();
    }
}
