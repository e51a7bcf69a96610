package dev.spool.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.testing.TestTimeouts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTemplateTest {

    private static JobCommand render(List<String> words, String... values) {
        return CommandTemplate.parse(words).render(JobArgs.of(1, values), 1);
    }

    @Test
    void parse_perlExpressionWithoutCoprocess_isRefusedNamingIt() {
        assertThatThrownBy(() -> CommandTemplate.parse(List.of("echo", "{= s/a/b/ =}")))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessage("the Perl replacement string {= s/a/b/ =} is not supported here");
    }

    @Test
    void parse_perlExpressionAcrossWords_isOneExpression() {
        assertThatThrownBy(() -> CommandTemplate.parse(List.of("echo", "{=", "$_", "=}")))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("{= $_ =}");
    }

    @Test
    void parse_openingBraceEqualsAlone_isPlainText() {
        assertThat(render(List.of("echo", "{="), "a").display()).isEqualTo("echo {= a");
    }

    @Test
    void render_unknownBraceForms_areKeptLiterally() {
        JobCommand job = render(List.of("echo", "{x}", "{..}", "{+/}", "{1 }", "{ }", "{}"), "v");
        assertThat(job.display()).isEqualTo("echo {x} {..} {+/} {1 } { } v");
        assertThat(job.argvText()).containsExactly("echo", "{x}", "{..}", "{+/}", "{1", "}", "{", "}", "v");
    }

    @Test
    void render_noShellSyntax_runsDirectlyWithValueAsOneArgument() {
        JobCommand job = render(List.of("echo", "a b", "x{}y"), "$(touch pwned); rm -rf x");
        assertThat(job.viaShell()).isFalse();
        assertThat(job.argvText()).containsExactly("echo", "a", "b", "x$(touch pwned); rm -rf xy");
        assertThat(job.display()).isEqualTo("echo a b x'$(touch pwned); rm -rf x'y");
    }

    @Test
    void render_shellSyntax_quotesEveryValueAndDisplaysTheLineItRuns() {
        JobCommand job = render(List.of("echo {} | wc -c"), "a'b $(x)");
        assertThat(job.viaShell()).isTrue();
        assertThat(job.argvText()).containsExactly("/bin/sh", "-c", "echo 'a'\"'\"'b $(x)' | wc -c");
        assertThat(job.display()).isEqualTo(job.argvText().get(2));
    }

    @Test
    void render_shellSyntax_plainValuesBareAsInGnuParallel() {
        assertThat(render(List.of("echo {} > {}.out"), "a").display()).isEqualTo("echo a > a.out");
        assertThat(render(List.of("echo \"x{}y\" | cat"), "a.b/c-d_e+f").display())
                .isEqualTo("echo \"xa.b/c-d_e+fy\" | cat");
        assertThat(render(List.of("echo '{}' | cat"), "a").display()).isEqualTo("echo 'a' | cat");
        assertThat(render(List.of("V={} sh -c 'echo $V'"), "a").display()).isEqualTo("V=a sh -c 'echo $V'");
    }

    @Test
    void render_plainValueThatWouldJoinTheTextAround_isQuoted() {
        assertThat(render(List.of("echo \"$HO{}\""), "ME").display()).isEqualTo("echo \"$HO\"'ME'\"\"");
        assertThat(render(List.of("echo ~{} |cat"), "root").display()).isEqualTo("echo ~'root' |cat");
        assertThat(render(List.of("PATH=/x:~{}/bin env"), "root").display()).isEqualTo("PATH=/x:~'root'/bin env");
        assertThat(render(List.of("{}=1 env"), "LD_PRELOAD").display()).isEqualTo("'LD_PRELOAD'=1 env");
        assertThat(render(List.of("{}() { :; }; true"), "ls").display()).isEqualTo("'ls'() { :; }; true");
        assertThat(render(List.of("{} true; then echo x; fi; true"), "if").display())
                .isEqualTo("'if' true; then echo x; fi; true");
        assertThat(render(List.of("cat <<{}\nx"), "EOF").display()).startsWith("cat <<'EOF'");
    }

    @Test
    void parse_replacementRightAfterDollar_isRefused() {
        assertThatThrownBy(() -> CommandTemplate.parse(List.of("echo ${} | cat")))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessage("the replacement string {} right after $ cannot be quoted safely for the shell:"
                        + " not supported");
    }

    @Test
    void parse_replacementInsideANestedShellScript_isRefusedShowingTheSafeForm() {
        for (List<String> words : List.of(List.of("sh -c 'echo {}'"), List.of("bash -c \"echo {}\" | cat"),
                List.of("sh -ec 'cd {} && make'"), List.of("/bin/sh -c -- 'echo x{}'"),
                List.of("xargs sh -c 'echo {}' </dev/null"), List.of("echo $(sh -c 'echo {}')"),
                List.of("sh", "-c", "echo{}"), List.of("env", "bash", "-lc", "{}x"))) {
            assertThatThrownBy(() -> CommandTemplate.parse(words)).as("%s", words)
                    .isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("{} is inside the script of ")
                    .hasMessageContaining("pass it as an argument instead: ")
                    .hasMessageContaining(" -c '... \"$1\" ...' ");
        }
    }

    @Test
    void parse_replacementInEvalArguments_isRefused() {
        for (String line : List.of("eval echo {}", "eval \"echo {}\"", "true; eval 'x={}'")) {
            assertThatThrownBy(() -> CommandTemplate.parse(List.of(line))).as(line)
                    .isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("{} is in the arguments of eval");
        }
    }

    @Test
    void parse_replacementAsNestedShellArgumentOrWholeScript_isAllowed() {
        for (List<String> words : List.of(List.of("sh -c 'echo \"$1\"' sh {}"), List.of("sh", "-c", "exit {}"),
                List.of("sh", "-c", "{}"), List.of("bash -c \"{}\" | cat"), List.of("eval {}"),
                List.of("echo sh -c; echo {}"), List.of("echo", "-c", "{}"))) {
            assertThat(CommandTemplate.parse(words)).as("%s", words).isNotNull();
        }
    }

    @Test
    void render_directFormWithReservedWordFirst_displayQuotesIt() {
        JobCommand job = render(List.of("{}", "x"), "if");
        assertThat(job.viaShell()).isFalse();
        assertThat(job.display()).isEqualTo("'if' x");
        assertThat(render(List.of("echo", "{}"), "if").display()).isEqualTo("echo if");
    }

    @Test
    void render_injectionAttempts_runByShAsData(@TempDir Path dir) throws Exception {
        Path pwned = dir.resolve("pwned");
        Path out = dir.resolve("out");
        List<String> attacks = List.of("$(touch " + pwned + ")", "`touch " + pwned + "`", "a; touch " + pwned,
                "'; touch " + pwned + "; '", "\"; touch " + pwned + "; \"", "x\ntouch " + pwned);
        for (String template : List.of("echo {} > " + out, "echo \"{}\" > " + out, "echo '{}' > " + out)) {
            for (String attack : attacks) {
                JobCommand job = CommandTemplate.parse(List.of(template)).render(JobArgs.of(1, attack), 1);
                Process p = new ProcessBuilder(job.argvText()).start();
                assertThat(p.waitFor(TestTimeouts.SHORT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
                assertThat(Files.readString(out)).as(template + " with " + attack).isEqualTo(attack + "\n");
                assertThat(pwned).doesNotExist();
            }
        }
    }

    @Test
    void render_safeValueAfterDollarName_isStillQuotedInTheShellLine() {
        JobCommand job = render(List.of("echo $HO{}"), "ME");
        assertThat(job.argvText().get(2)).isEqualTo("echo $HO'ME'");
        assertThat(job.display()).isEqualTo("echo $HO'ME'");
    }

    @Test
    void render_valueInsideDoubleQuotes_closesAndReopensThem() {
        assertThat(render(List.of("echo \"<{}>\""), "$(x)").argvText().get(2)).isEqualTo("echo \"<\"'$(x)'\">\"");
    }

    @Test
    void render_valueInsideSingleQuotes_escapesOnlyQuotes() {
        assertThat(render(List.of("echo '<{}>'"), "it's").argvText().get(2)).isEqualTo("echo '<it'\\''s>'");
    }

    @Test
    void render_valueInsideArithmetic_usesGnuQuoting() {
        assertThat(render(List.of("echo $(({}*2))"), "21").argvText().get(2)).isEqualTo("echo $((21*2))");
    }

    @Test
    void render_shellKeywordFirst_runsViaShell() {
        for (String first : List.of("cd", "export", "for", "if", "while", "exit", "source", ".", "[[", "!")) {
            assertThat(CommandTemplate.parse(List.of(first, "{}")).viaShell()).as(first).isTrue();
        }
        assertThat(CommandTemplate.parse(List.of("echo", "cd", "{}")).viaShell()).isFalse();
    }

    @Test
    void render_assignmentOrAnySyntaxChar_runsViaShell() {
        for (String word : List.of("V=x", "a|b", "a&", "a;", "<a", ">a", "(a)", "$a", "`a`", "\\a", "\"a\"", "'a'",
                "a*", "a?", "[a]", "#a", "~a", "a%", "a\nb")) {
            assertThat(CommandTemplate.parse(List.of("echo", word)).viaShell()).as(word).isTrue();
        }
    }

    @Test
    void render_noCommand_valuesAreTheCommandLine() {
        CommandTemplate t = CommandTemplate.parse(List.of());
        JobCommand job = t.render(JobArgs.of(1, "echo a; echo b"), 1);
        assertThat(t.valuesAreCommands()).isTrue();
        assertThat(job.argvText()).containsExactly("/bin/sh", "-c", "echo a; echo b");
        assertThat(job.display()).isEqualTo("echo a; echo b");
    }

    @Test
    void render_replacementInCommandName_valueStaysData() {
        JobCommand job = render(List.of("{}", "x"), "echo a");
        assertThat(job.viaShell()).isFalse();
        assertThat(job.argvText()).containsExactly("echo a", "x");
    }

    @Test
    void render_missingPosition_dropsTheWordInDirectForm() {
        JobCommand job = render(List.of("echo", "{3}", "x{3}", "{1}"), "a");
        assertThat(job.argvText()).containsExactly("echo", "x", "a");
        assertThat(job.display()).isEqualTo("echo  x a");
    }

    @Test
    void render_emptyValue_isAnEmptyArgument() {
        assertThat(render(List.of("echo", "{}"), "").argvText()).containsExactly("echo", "");
    }

    @Test
    void render_severalValuesInOneWord_splitLikeGnuParallel() {
        CommandTemplate plain = CommandTemplate.parse(List.of("echo", "x{}y"), ReplacementStrings.DEFAULT,
                ArgsPerJob.atMost(2));
        assertThat(plain.render(JobArgs.of(1, "a", "b c"), 1).argvText()).containsExactly("echo", "xa", "b cy");
        CommandTemplate context = CommandTemplate.parse(List.of("echo", "x{}y"), ReplacementStrings.DEFAULT,
                ArgsPerJob.exactly(2));
        assertThat(context.render(JobArgs.of(1, "a", "b c"), 1).argvText())
                .containsExactly("echo", "xay", "xb cy");
    }

    @Test
    void render_slot_insertsTheGivenSlot() {
        assertThat(CommandTemplate.parse(List.of("echo", "{%}", "{#}")).render(JobArgs.of(7, "v"), 3).argvText())
                .containsExactly("echo", "3", "7");
    }

    @Test
    void render_allPositionalsMissing_runsAnEmptyShellLine() {
        JobCommand job = render(List.of("{2}"), "a");
        assertThat(job.argvText()).containsExactly("/bin/sh", "-c", "");
    }

    @Test
    void parse_replacementAfterBackslash_isRefusedNamingIt() {
        assertThatThrownBy(() -> CommandTemplate.parse(List.of("echo \\{}")))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessage("the replacement string {} right after a backslash cannot be quoted safely for the"
                        + " shell: not supported");
    }

    @Test
    void parse_replacementInHereDocument_isRefused() {
        assertThatThrownBy(() -> CommandTemplate.parse(List.of("cat <<EOF\n{.}\nEOF")))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("{.} inside a here-document");
    }

    @Test
    void parse_replacementInParameterExpansion_isRefused() {
        assertThatThrownBy(() -> CommandTemplate.parse(List.of("echo ${X:-{1}}")))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("{1} inside ${...}");
    }

    @Test
    void parse_replacementInBackticksWithinDoubleQuotes_isRefused() {
        assertThatThrownBy(() -> CommandTemplate.parse(List.of("echo \"`basename {}`\"")))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("{} inside `...` within double quotes");
    }

    @Test
    void parse_contextReplaceOfQuotedWord_isRefused() {
        assertThatThrownBy(() -> CommandTemplate.parse(List.of("echo", "\"{}\"", "|", "cat"),
                ReplacementStrings.DEFAULT, ArgsPerJob.exactly(2)))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("with -N the word \"{}\" is repeated once per value");
    }

    @Test
    void rename_emptyName_isRefusedNamingTheOption() {
        assertThatThrownBy(() -> ReplacementStrings.DEFAULT.rename(ReplacementKind.VALUE, "", "-I"))
                .isInstanceOf(JobSpecException.class)
                .hasMessage("-I needs a non-empty replacement string, not ''");
    }

    @Test
    void dirname_edgeCases_matchPerlFileBasename() {
        // Expected values from perl -MFile::Basename -e 'print dirname($ARGV[0])'.
        String[][] cases = {{"a", "."}, {"", "."}, {"/", "/"}, {"//", "/"}, {"a/", "."}, {"/a.b/", "/"},
            {"a//b", "a"}, {"a/b/", "a"}, {"/x", "/"}, {"a/b/c", "a/b"}, {".", "."}, {"..", "."}};
        for (String[] c : cases) {
            assertThat(ReplacementKind.dirname(c[0])).as(c[0]).isEqualTo(c[1]);
        }
    }
}
