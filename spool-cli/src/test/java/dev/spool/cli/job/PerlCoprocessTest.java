package dev.spool.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.testing.TestTimeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PerlCoprocessTest {

    private final PerlCoprocess perl = new PerlCoprocess(4);

    @AfterEach
    void closePerl() {
        perl.close();
    }

    private CommandTemplate parse(String... words) {
        return parse(ReplacementStrings.DEFAULT, words);
    }

    private CommandTemplate parse(ReplacementStrings names, String... words) {
        return CommandTemplate.parse(List.of(words), names.withCoprocess(perl), ArgsPerJob.ONE);
    }

    @Test
    void render_expression_getsTheValueAsDollarUnderscore() {
        JobCommand job = parse("echo", "{= s/a/b/g; $_ .= seq() =}").render(JobArgs.of(7, "aXa"), 1);

        assertThat(job.argvText()).containsExactly("echo", "bXb7");
        assertThat(job.viaShell()).isFalse();
    }

    @Test
    void render_expressionAcrossWords_isJoinedWithSpaces() {
        JobCommand job = parse("echo", "{=", "$_", ".=", "'!'", "=}").render(JobArgs.of(1, "a"), 1);

        assertThat(job.argvText()).containsExactly("echo", "a!");
    }

    @Test
    void render_positionalExpression_readsThatValue() {
        CommandTemplate t = CommandTemplate.parse(List.of("echo", "{=2 $_=uc =}", "{=-2 $_.=$arg[2] =}"),
                ReplacementStrings.DEFAULT.withCoprocess(perl), ArgsPerJob.exactly(2));

        assertThat(t.render(JobArgs.of(1, "a", "b"), 1).argvText()).containsExactly("echo", "B", "ab");
    }

    @Test
    void render_valuesWithQuotesNewlinesAndEveryByte_comeBackByteForByte() {
        StringBuilder every = new StringBuilder();
        for (int c = 1; c < 256; c++) {
            every.append((char) c);
        }
        CommandTemplate t = parse("echo", "{= $_ = $_ =}");
        for (String value : List.of("it's \"quoted\"", "two\nlines", "", "0", every.toString())) {
            assertThat(t.render(JobArgs.of(1, value), 1).argvText()).containsExactly("echo", value);
        }
    }

    @Test
    void render_valueInAShellLine_isQuotedLikeAnyValue() {
        JobCommand job = parse("echo {= $_ =} | cat").render(JobArgs.of(1, "$(touch pwned)"), 1);

        assertThat(job.viaShell()).isTrue();
        assertThat(job.display()).isEqualTo("echo '$(touch pwned)' | cat");
    }

    @Test
    void render_uq_insertsTheValueAsCodeThroughTheShell() {
        JobCommand job = parse("echo", "{= uq(); $_ = '$HOME' =}").render(JobArgs.of(1, "x"), 1);

        assertThat(job.viaShell()).isTrue();
        assertThat(job.display()).isEqualTo("echo $HOME");
    }

    @Test
    void render_skip_marksTheJobSkipped() {
        CommandTemplate t = parse("echo", "{= skip() if $_ eq 'b' =}");

        assertThat(t.render(JobArgs.of(1, "a"), 1).skipped()).isFalse();
        JobCommand skipped = t.render(JobArgs.of(2, "b"), 1);
        assertThat(skipped.skipped()).isTrue();
        assertThat(skipped.display()).isEqualTo("echo b");
    }

    @Test
    void render_variables_carryFromJobToJob() {
        CommandTemplate t = parse("echo", "{= $_ = ++$n =}");

        for (int seq = 1; seq <= 3; seq++) {
            perl.planned(seq);
            assertThat(t.render(JobArgs.of(seq, "x"), 1).argvText()).containsExactly("echo", Integer.toString(seq));
        }
    }

    @Test
    void render_rplWithPattern_givesItsGroupsAsDollarDollarN() {
        ReplacementStrings names = ReplacementStrings.DEFAULT.withRpl("{%(.+?)} s/$$1$//;");

        assertThat(parse(names, "echo", "{%.tar.gz}.zip", "{1%.gz}").render(JobArgs.of(1, "f.tar.gz"), 1)
                .argvText()).containsExactly("echo", "f.zip", "f.tar");
    }

    @Test
    void render_plus_definesGnuParallelsStrings() {
        ReplacementStrings names = ReplacementStrings.DEFAULT.withPlus();

        assertThat(parse(names, "echo", "{..}", "{+..}", "{/..}", "{+/}", "{:2:3}", "{%.c}")
                .render(JobArgs.of(1, "d/f.a.b.c"), 1).argvText())
                .containsExactly("echo", "d/f.a", "b.c", "f.a", "d", "f.a", "d/f.a.b");
    }

    @Test
    void compile_syntaxError_isAJobSpecErrorNamingTheExpression() {
        assertThatThrownBy(() -> parse("echo", "{= s/(/ =}"))
                .isInstanceOf(JobSpecException.class)
                .hasMessageStartingWith("cannot use the Perl expression {= s/(/ =}: ");
    }

    @Test
    void evaluate_die_isAPerlExpressionErrorNamingTheExpression() {
        CommandTemplate t = parse("echo", "{= die \"no $_\\n\" if /b/ =}");

        assertThat(t.render(JobArgs.of(1, "a"), 1).argvText()).containsExactly("echo", "a");
        assertThatThrownBy(() -> t.render(JobArgs.of(2, "b"), 1))
                .isInstanceOf(PerlExpressionException.class)
                .hasMessage("the Perl expression {= die \"no $_\\n\" if /b/ =} failed: no b");
    }

    @Test
    void evaluate_perlExits_failsClearlyAndLaterJobsToo() {
        CommandTemplate t = parse("echo", "{= exit 3 if /x/ =}");

        assertThatThrownBy(() -> t.render(JobArgs.of(1, "x"), 1))
                .isInstanceOf(PerlExpressionException.class)
                .hasMessageContaining("perl ended while evaluating the Perl expression {= exit 3 if /x/ =}");
        assertThatThrownBy(() -> t.render(JobArgs.of(2, "a"), 1)).isInstanceOf(PerlExpressionException.class);
    }

    @Test
    void compile_perlAbsent_refusesNamingTheExpression() {
        try (PerlCoprocess absent = new PerlCoprocess(1, "/nonexistent/perl")) {
            assertThatThrownBy(() -> CommandTemplate.parse(List.of("echo", "{= $_ =}"),
                    ReplacementStrings.DEFAULT.withCoprocess(absent), ArgsPerJob.ONE))
                    .isInstanceOf(JobSpecException.class)
                    .hasMessageStartingWith("the Perl expression {= $_ =} needs perl, which");
        }
    }

    @Test
    void noPerlInTheTemplate_startsNoPerl() {
        try (PerlCoprocess unused = new PerlCoprocess(1, "/nonexistent/perl")) {
            CommandTemplate t = CommandTemplate.parse(List.of("echo", "{}"),
                    ReplacementStrings.DEFAULT.withPlus().withCoprocess(unused), ArgsPerJob.ONE);

            assertThat(t.usesPerl()).isFalse();
            assertThat(t.render(JobArgs.of(1, "a"), 1).argvText()).containsExactly("echo", "a");
        }
    }

    @Test
    void render_manyJobs_eachGetsItsOwnValue() {
        CommandTemplate t = parse("echo", "{= $_ = $_ * 2 =}");
        for (int i = 1; i <= 20_000; i++) {
            assertThat(t.render(JobArgs.of(i, Integer.toString(i)), 1).argvText().get(1))
                    .isEqualTo(Integer.toString(2 * i));
        }
    }

    @Test
    void render_fromManyThreads_neverCrossesAnswers() throws Exception {
        CommandTemplate t = parse("echo", "{= $_ .= '-' . seq() =}", "{= $_ = length =}");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        long seq = worker * 10_000L + i + 1;
                        String value = "w" + worker + "v" + i;
                        assertThat(t.render(JobArgs.of(seq, value), worker + 1).argvText())
                                .containsExactly("echo", value + "-" + seq, Integer.toString(value.length()));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(TestTimeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
