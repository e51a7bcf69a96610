package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Error messages keep the system's reason (Not a directory, Permission denied), name the value as given,
 * stay one readable line however long or un-decodable the value, and never leak a stack trace.
 */
class RunErrorMessagesTest {

    /** The longest error line spool prints, with "spool: " and the newline. */
    private static final int MAX_LINE = 400;

    @TempDir
    Path dir;

    @BeforeEach
    void fixtures() throws Exception {
        Files.writeString(dir.resolve("file"), "a\n");
        Files.createDirectory(dir.resolve("dir"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            :::: file/x                         | spool: cannot open input file 'file/x': Not a directory
            -a file/x                           | spool: cannot open input file 'file/x': Not a directory
            :::: dir                            | spool: cannot read input file 'dir': Is a directory
            --joblog file/x                     | spool: --joblog: cannot write 'file/x': Not a directory
            --joblog dir                        | spool: --joblog: cannot write 'dir': Is a directory
            --resume --joblog file/x            | spool: --joblog: cannot read 'file/x': Not a directory
            --resume --joblog dir               | spool: --joblog: cannot read 'dir': Is a directory
            --tmpdir file/x                     | spool: --tmpdir: cannot use 'file/x': Not a directory
            --tmpdir file                       | spool: --tmpdir: cannot use 'file': Not a directory
            --retries 0                         | spool: --retries: '0' must be at least 1
            --retries x                         | spool: --retries: 'x' is not a whole number
            --joblog +                          | spool: --joblog: '+' is not a file name
            --load abc                          | spool: --load: 'abc' is not a number of processes (N, N%, +N or -N, as for -j)
            --memfree -5                        | spool: --memfree: '-5' is not a size (such as 500M or 1G)
            --memfree 1X                        | spool: --memfree: '1X' is not a size (such as 500M or 1G)
            --parens x                          | spool: --parens needs an opening and a closing string, such as {==} or ,,,,; got 'x'
            --process-slot-var a=b              | spool: --process-slot-var: 'a=b' is not an environment variable name
            --filter 1 --pipe                   | spool: --filter works on jobs of input values: not with --pipe, --pipepart, --tee or --onall
            --filter 1 --pipe --tee             | spool: --filter works on jobs of input values: not with --pipe, --pipepart, --tee or --onall
            --filter 1 --onall -S :             | spool: --filter works on jobs of input values: not with --pipe, --pipepart, --tee or --onall
            """)
    void unusableFile_messageSaysWhy(String options, String expected) throws Exception {
        List<String> args = new ArrayList<>(List.of(options.trim().split(" +")));
        if (!options.contains("::::")) {
            args.addAll(List.of("echo", ":::", "a"));
        }
        SpoolCli.Result result = SpoolCli.spool(null, dir, args.toArray(String[]::new));

        assertOneLineError(result, expected.trim());
    }

    @Test
    void tee_withoutPipeOrWithAnUnsupportedOption_refusedByName() throws Exception {
        assertOneLineError(SpoolCli.spool(null, dir, "--tee", "wc", ":::", "a"),
                "spool: --tee needs --pipe (every job reads all of stdin) or --pipepart -a FILE (every job reads all"
                        + " of FILE)");
        assertOneLineError(SpoolCli.spool(null, dir, "--pipepart", "--tee", "-a", "file", "-a", "file", "wc", ":::", "a"),
                "spool: --pipepart --tee reads one file, given with -a FILE (2 given)");
        assertOneLineError(SpoolCli.spool(null, dir, "--pipe", "--tee", "--round-robin", "wc", ":::", "a"),
                "spool: --tee is not supported with --header, --round-robin,");
        // not in the differential cases: GNU parallel leaves its tee behind when it refuses -j1
        assertOneLineError(SpoolCli.spool(null, dir, "-j1", "--pipe", "--tee", "wc", ":::", "a", "b"),
                "spool: --tee runs all 2 jobs at once: -j 1 is too few (leave out -j, or use -j 0)");
        List<String> many = new ArrayList<>(List.of("--pipe", "--tee", "wc", ":::"));
        for (int i = 0; i < 65; i++) {
            many.add(Integer.toString(i));
        }
        assertOneLineError(SpoolCli.spool(null, dir, many.toArray(String[]::new)),
                "spool: --tee runs all 65 jobs at once: spool runs at most 64 that way");
    }

    @Test
    void groupBy_badColumnOrConflictingOption_refusedByName() throws Exception {
        Files.writeString(dir.resolve("table"), "UserID,Consumption\n123,1\n");
        byte[] table = "UserID,Consumption\n123,1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertOneLineError(SpoolCli.spool(table, dir, "--pipe", "--colsep", ",", "--group-by", "Nope", "cat"),
                "spool: --group-by: column 'Nope' not found in the header (split at ','): [UserID, Consumption]");
        assertOneLineError(SpoolCli.spool(table, dir, "--group-by", "1", "--rrs", "cat"),
                "spool: --remove-rec-sep is not compatible with --group-by");
        assertOneLineError(SpoolCli.spool(table, dir, "--group-by", "1", "--recstart", "x", "cat"),
                "spool: --recstart is not compatible with --group-by");
        assertOneLineError(SpoolCli.spool(table, dir, "--group-by", "1", "--recend", ";", "cat"),
                "spool: --recend is not compatible with --group-by");
        assertOneLineError(SpoolCli.spool(null, dir, "--pipepart", "-a", "table", "--group-by", "1", "cat"),
                "spool: --group-by with --pipepart is not supported (use --pipe, reading the file on stdin)");
    }

    @Test
    void groupBy_perlExpressionThatDoesNotCompile_exit255_notSilentlyNoJobs() throws Exception {
        // GNU parallel 20221122 prints perl's error and exits 0 having run no job: stdin is lost silently
        SpoolCli.Result result = SpoolCli.spool("a\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), dir, "--group-by", "$_ = ", "-N1", "cat");

        assertThat(result.exit()).isEqualTo(255);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("syntax error")
                .contains("spool: --group-by '$_ = ': perl failed (exited 255), so not all of stdin was read");
    }

    @Test
    void tmpl_malformedOrUnreadableOrWithPipe_refusedByName() throws Exception {
        Files.writeString(dir.resolve("file2"), "b\n");
        assertOneLineError(SpoolCli.spool(null, dir, "--tmpl", "file", "echo", ":::", "a"),
                "spool: --tmpl: 'file' is not FILE=NAME (the template, then the file to write for each job, such as"
                        + " my.tmpl={#}.conf)");
        assertOneLineError(SpoolCli.spool(null, dir, "--tmpl", "no-such=x", "echo", ":::", "a"),
                "spool: --tmpl: cannot read the template 'no-such': No such file or directory");
        SpoolCli.Result unwritable = SpoolCli.spool(null, dir, "--cleanup", "--tmpl", "file=ok-{#}", "--tmpl",
                "file2=file/{#}", "cat", "ok-{#}", ":::", "a");
        assertThat(unwritable.exit()).isEqualTo(1);
        assertThat(unwritable.err()).isEqualTo("spool: job 1 could not run: --tmpl file2=file/{#}: cannot write"
                + " 'file/1': Not a directory\n");
        assertThat(dir.resolve("ok-1")).as("--cleanup: the job's files written before the failure").doesNotExist();
        assertOneLineError(SpoolCli.spool(null, dir, "--tmpl", "file=x", "--pipe", "cat"),
                "spool: --tmpl writes its files for jobs of input values run here: not with --pipe, --pipepart,"
                        + " --tee, -S, --onall or --queue");
    }

    @Test
    void emptyNames_sayWhatIsWrong_notIsADirectory() throws Exception {
        assertOneLineError(SpoolCli.spool(null, dir, "--joblog", "", "echo", ":::", "a"),
                "spool: --joblog: '' is not a file name");
        assertOneLineError(SpoolCli.spool(null, dir, "--tmpdir", "", "echo", ":::", "a"),
                "spool: --tmpdir: '' is not a directory name");
        assertOneLineError(SpoolCli.spool(null, dir, "--results", "", "echo", ":::", "a"),
                "spool: --results: '' is not a directory name");
        assertOneLineError(SpoolCli.spool(null, dir, "echo", "::::", ""),
                "spool: cannot open input file '': No such file or directory");
    }

    @Test
    void hugeBadValue_isShortenedInTheMessage() throws Exception {
        String huge = "x".repeat(100_000);
        for (List<String> args : List.of(List.of("-j", huge), List.of("--halt", huge), List.of("--timeout", huge),
                List.of("--no-such-" + huge), List.of("--colsep", "(" + huge), List.of("-n", huge))) {
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of("echo", ":::", "a"));
            SpoolCli.Result result = SpoolCli.spool(null, dir, all.toArray(String[]::new));

            assertThat(result.exit()).as("%s", args.getFirst()).isEqualTo(255);
            String first = result.err().lines().findFirst().orElse("");
            assertThat(first).as("%s", args.getFirst()).startsWith("spool: ").contains("characters left out");
            assertThat(first.length()).as("%s", args.getFirst()).isLessThan(MAX_LINE);
            assertThat(result.err()).doesNotContain("\tat ");
        }
    }

    @Test
    void valueNotUtf8_isShownEscaped_utf8ShownAsIs() throws Exception {
        // the argument's bytes are made by the shell: a Java String cannot carry \377 to a child's argv
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "exec \"$@\" \"$(printf 'caf\\303\\251\\377\\376\\n')\" echo ::: a", "sh"));
        command.addAll(SpoolCli.spoolCommand("-j"));

        SpoolCli.Result result = SpoolCli.run(command, null, dir, Map.of());

        assertThat(result.exit()).isEqualTo(255);
        assertThat(new String(result.stderr(), StandardCharsets.UTF_8))
                .isEqualTo("spool: -j: 'café\\xff\\xfe' is not a number of jobs (N, +N, -N, N% or 0)\n");
    }

    @Test
    void valueWithNewline_staysOnOneLine() throws Exception {
        assertOneLineError(SpoolCli.spool(null, dir, "--halt", "a\nb", "echo", ":::", "a"),
                "spool: --halt: 'a\\nb' is not");
    }

    /** As root, files are always readable; without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH they are not. */
    @Test
    void permissionDenied_isTheReasonGiven() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv(1) is not installed");
        Path secret = Files.writeString(dir.resolve("secret"), "a\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));

        assertOneLineError(unprivileged(":::: secret", "echo"), "spool: cannot open input file 'secret': Permission denied");
        assertOneLineError(unprivileged("--joblog locked/log", "echo ::: a"),
                "spool: --joblog: cannot write 'locked/log': Permission denied");
        assertOneLineError(unprivileged("--tmpdir locked/tmp", "echo ::: a"),
                "spool: --tmpdir: cannot use 'locked/tmp': Permission denied");
    }

    private SpoolCli.Result unprivileged(String options, String command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        if (options.startsWith("::::")) {
            args.addAll(List.of(options.split(" ")));
        } else {
            args.addAll(0, List.of(options.split(" ")));
        }
        List<String> line = new ArrayList<>(List.of("setpriv", "--bounding-set", "-dac_override,-dac_read_search"));
        line.addAll(SpoolCli.spoolCommand(args.toArray(String[]::new)));
        return SpoolCli.run(line, null, dir, Map.of());
    }

    private static void assertOneLineError(SpoolCli.Result result, String expectedStart) {
        assertThat(result.exit()).as(result.toString()).isEqualTo(255);
        assertThat(result.err()).as(result.toString()).startsWith(expectedStart).hasLineCount(1)
                .doesNotContain("Exception");
        assertThat(result.out()).isEmpty();
    }
}
