package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where spool deliberately differs from GNU parallel: values are data in every position of a shell line
 * (docs/differences-from-gnu-parallel.md). GNU parallel runs {@code $(touch pwned)} in these cases.
 */
class RunSafetyTest {

    @TempDir
    Path dir;

    @Test
    void valueInsideDoubleQuotes_isData_notCode() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "-k", "echo \"{}\"", ":::", "$(touch pwned)", "v w");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("$(touch pwned)\nv w\n");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void perlExpressionValue_isData_notCode() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "-k", "echo", "{= $_ =}", "{= $_ = \"`touch pwned`\" =}",
                ":::", "$(touch pwned)", "a;touch pwned");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("$(touch pwned) `touch pwned`\na;touch pwned `touch pwned`\n");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void perlExpressionCallingUq_isCodeOnPurpose() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "-k", "echo", "{= uq(); $_ = \"\\$PARALLEL_SEQ\" =}",
                "{}", ":::", "$(touch pwned)");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("1 $(touch pwned)\n");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void valueInsideSingleQuotes_isData_notCode() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "-k", "echo '{}'", ":::", "a'$(touch pwned)'b");

        assertThat(result.out()).isEqualTo("a'$(touch pwned)'b\n");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    /** Values that are code if a shell line does not quote them for exactly where they sit. */
    private static final List<String> PAYLOADS = List.of("$(touch pwned)", "`touch pwned`", "a'$(touch pwned)'b",
            "a\"$(touch pwned)\"b", "x; touch pwned", "it's", "HOME", "", "a b", "!", "x\ny");

    /**
     * What --dry-run and -v print is the command that runs, correctly quoted: pasted into sh it does what
     * the job did, and runs no value as code.
     */
    @ParameterizedTest
    @ValueSource(strings = {"echo {}", "echo '{}'", "echo \"{}\"", "echo x{}y | cat", "echo $HO{}",
            "printf '<%s>' {} '{}' \"{}\"; echo", "echo \"$(echo '{}')\"", "echo `echo {}`", "echo a b {}",
            "echo {= $_ =}", "echo '{= s/x/y/ =}' | cat", "echo \"{= $_ .= '$' =}\" x{=1 $_ =}y | cat"})
    void dryRunAndVerboseLines_runBySh_doWhatTheJobsDo(String template) throws Exception {
        List<String> args = new ArrayList<>(List.of("-k", "-j1", template, ":::"));
        args.addAll(PAYLOADS);
        SpoolCli.Result run = SpoolCli.spool(null, dir, args.toArray(String[]::new));
        args.addFirst("--dry-run");
        SpoolCli.Result dryRun = SpoolCli.spool(null, dir, args.toArray(String[]::new));
        args.set(0, "-v");
        SpoolCli.Result verbose = SpoolCli.spool(null, dir, args.toArray(String[]::new));
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(dryRun.exit()).as(dryRun.toString()).isZero();

        SpoolCli.Result pasted = SpoolCli.run(List.of("/bin/sh", "-s"), dryRun.stdout(), dir, Map.of());

        assertThat(dir.resolve("pwned")).as("a value ran as code").doesNotExist();
        assertThat(pasted.out()).as("sh running the dry-run lines:%n%s", dryRun.out()).isEqualTo(run.out());
        // every job prints one line: -v prints each job's line, then its output
        String[] lines = dryRun.out().split("\n");
        String[] outputs = run.out().split("\n");
        assertThat(lines).hasSameSizeAs(outputs);
        StringBuilder expectedVerbose = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            expectedVerbose.append(lines[i]).append('\n').append(outputs[i]).append('\n');
        }
        assertThat(verbose.out()).as("-v prints the lines --dry-run prints").isEqualTo(expectedVerbose.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sh -c 'echo {}'", "bash -c \"echo {}\"", "sh -c 'echo \"{}\"'", "eval echo {}",
            "su -c 'echo {}' nobody", "su nobody -c 'echo {}'", "runuser -u nobody -c 'echo {}'"})
    void valueInsideANestedShellScript_refused_exit255(String template) throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, template, ":::", "$(touch pwned)", "`touch pwned`");

        assertThat(result.exit()).as(result.toString()).isEqualTo(255);
        assertThat(result.err()).as(result.toString()).startsWith("spool: the replacement string {} is ")
                .doesNotContain("\tat ").hasLineCount(1);
        assertThat(dir.resolve("pwned")).as("a value ran as code").doesNotExist();
    }

    @Test
    void valueAsNestedShellArgument_isData() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "-k", "sh -c 'echo \"$1\"' sh {}", ":::",
                "$(touch pwned)", "`touch pwned`");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("$(touch pwned)\n`touch pwned`\n");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void valueAfterDollarPrefix_doesNotExpandAVariable() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "-k", "echo $HO{}", ":::", "ME");

        assertThat(result.out()).doesNotContain(System.getProperty("user.home") + "\n");
        assertThat(Files.list(dir)).isEmpty();
    }
}
