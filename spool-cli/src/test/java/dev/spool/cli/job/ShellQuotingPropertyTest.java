package dev.spool.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.TestTimeouts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * For any bytes (NUL excluded: argv cannot hold it) a value reaches the job unchanged: quoted and run by the
 * real {@code /bin/sh}, in every quoting context the scanner recognises; and as one argv element when the
 * command runs directly. Scripts go to {@code sh -s} on stdin, which is byte-exact (ProcessBuilder's argv
 * is not).
 */
class ShellQuotingPropertyTest {

    private static Path dir;

    @BeforeContainer
    static void createDir() throws IOException {
        dir = Files.createTempDirectory("spool-quoting");
    }

    @AfterContainer
    static void deleteDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Provide
    Arbitrary<String> anyBytes() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('\u0001', '\u00FF').ofMaxLength(24),
                Arbitraries.strings().withChars('\'', '"', '\\', '$', '`', '\n', ' ', '*', '~', '#', ';', '(', ')', '{', '}',
                        '!', '%', '\u00FF', '\u0080', 'a').ofMaxLength(12));
    }

    @Property(tries = 200)
    void singleQuote_anyBytes_shReadsBackTheSameBytes(@ForAll("anyBytes") String value) throws Exception {
        Path out = dir.resolve("single");
        runSh("printf %s " + ShellQuoting.singleQuote(value) + " > " + out + "\n");
        assertThat(Files.readString(out, StandardCharsets.ISO_8859_1)).isEqualTo(value);
    }

    @Property(tries = 200)
    void gnuQuote_anyBytes_shReadsBackTheSameBytes(@ForAll("anyBytes") String value) throws Exception {
        Path out = dir.resolve("gnu");
        runSh("printf %s " + ShellQuoting.gnuQuote(value) + " > " + out + "\n");
        assertThat(Files.readString(out, StandardCharsets.ISO_8859_1)).isEqualTo(value);
    }

    @Property(tries = 200)
    void shellForm_valueInEveryQuotingContext_shWritesExactlyTheValue(@ForAll("anyBytes") String value)
            throws Exception {
        Path out = dir.resolve("contexts");
        List<String> templates = List.of(
                "printf %s {} > " + out,
                "printf %s \"{}\" > " + out,
                "printf %s '{}' > " + out,
                "printf %s x{}y\"{}\"'{}' > " + out,
                "x=$(printf %s {}; echo .); printf %s \"${x%.}\" > " + out,
                "x=`printf %s {}; echo .`; printf %s \"${x%.}\" > " + out,
                "printf %s {} > " + out + " # {}");
        for (String t : templates) {
            CommandTemplate template = CommandTemplate.parse(List.of(t));
            JobCommand job = template.render(JobArgs.of(1, value), 1);
            assertThat(job.viaShell()).isTrue();
            runSh(job.argvText().get(2) + "\n");
            String expected = t.contains("x{}y") ? "x" + value + "y" + value + value : value;
            assertThat(Files.readString(out, StandardCharsets.ISO_8859_1)).as("template %s", t).isEqualTo(expected);
        }
    }

    @Property(tries = 500)
    void directForm_anyBytes_argvHoldsTheValueBytes(@ForAll("anyBytes") String value) {
        JobCommand job = CommandTemplate.parse(List.of("cat", "--", "x{}y", "{}"))
                .render(JobArgs.of(1, value), 1);
        assertThat(job.viaShell()).isFalse();
        assertThat(job.argv()).hasSize(4);
        assertThat(job.argv().get(2)).isEqualTo(("x" + value + "y").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(job.argv().get(3)).isEqualTo(value.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Property(tries = 100)
    void directForm_displayRunBySh_passesTheSameArgv(@ForAll("anyBytes") String value) throws Exception {
        Path out = dir.resolve("argv");
        for (List<String> words : List.of(List.of("cmd", "x{}y", "{}"), List.of("{}", "x"))) {
            JobCommand job = CommandTemplate.parse(words).render(JobArgs.of(1, value), 1);
            assertThat(job.viaShell()).isFalse();
            runSh("f() { printf '<%s>' \"$@\" > " + out + "; }; f " + job.display() + "\n");
            StringBuilder expected = new StringBuilder();
            job.argvText().forEach(a -> expected.append('<').append(a).append('>'));
            assertThat(Files.readString(out, StandardCharsets.ISO_8859_1)).as("display %s", job.display())
                    .isEqualTo(expected.toString());
        }
    }

    @Property(tries = 200)
    void shellForm_displayIsTheLineShRuns(@ForAll("anyBytes") String value) {
        for (String t : List.of("echo {} '{}' \"{}\" x{}y | cat", "echo $(echo {}) `echo {}` $((1+{}))")) {
            JobCommand job = CommandTemplate.parse(List.of(t)).render(JobArgs.of(1, value), 1);
            assertThat(job.display()).isEqualTo(job.argvText().get(2));
        }
    }

    /** Runs {@code script} with {@code sh -s}, fed on stdin byte for byte; fails on a non-zero status. */
    private static void runSh(String script) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-s").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.ISO_8859_1));
        }
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(TestTimeouts.SHORT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("sh did not finish: " + script);
        }
        assertThat(p.exitValue()).as("sh status for script %s; output %s", script,
                new String(output, StandardCharsets.ISO_8859_1)).isZero();
    }
}
