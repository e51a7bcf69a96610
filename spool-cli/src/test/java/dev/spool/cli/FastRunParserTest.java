package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.cli.run.HaltPolicy;
import dev.spool.cli.run.JobSlots;
import dev.spool.cli.run.TimeoutSpec;
import dev.spool.launch.TermSequence;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The start-up fast path fills RunOptions exactly as picocli does, typed values included (both use the
 * converter the option names), or gives up and leaves it to picocli.
 */
class FastRunParserTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "echo ::: a b",
        "-j4 -k echo {} ::: a",
        "-j 4 --keep-order --tag echo",
        "--jobs=3 --joblog=log --halt now,fail=1 sh -c x ::: 1",
        "-0 -a f1 -a f2 -n 2 --colsep , --trim lr echo",
        "-N2 -I XX --timeout 1.5 --termseq TERM,10,KILL,5 --retries 3 --delay 0.1 echo XX",
        "--dry-run -v --bar --resume-failed --joblog +log -u echo",
        "-j -1 echo",
        "-d , --link --line-buffer --tagstring T{} echo ::: a :::+ b",
        "-j 50% --timeout 5% --halt soon,success=50% --termseq KILL,0 --delay 2m echo",
        "--jobs=+2 --timeout=1h --halt=2 --termseq=2,10,SIGHUP,0 --delay=0 echo",
        "-P007 --timeout 0.5 --halt-on-error now,done=3 --delay 1.5s echo",
    })
    void fastPath_plainCommandLine_sameOptionsAsPicocli(String line) throws Exception {
        String[] args = line.split(" ");

        RunOptions fast = FastRunParser.parse(args).orElseThrow();
        RunCommand viaPicocli = new RunCommand();
        new CommandLine(viaPicocli).setStopAtPositional(true).parseArgs(args);

        assertThat(fields(fast)).isEqualTo(fields(viaPicocli.options));
        var viaFastPath = new RunCommand();
        viaFastPath.options = fast;
        // a record's text names every component; TermSequence, which has no equals, shows its steps
        assertThat(viaFastPath.settings().toString()).isEqualTo(viaPicocli.settings().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-j x echo", "-j 1e3 echo", "--timeout 0 echo", "--timeout abc echo",
        "--halt sometimes echo", "--termseq TERM,abc echo", "--delay -1 echo", "--delay=soon echo"})
    void fastPath_valueTheConverterRefuses_leftToPicocliWithTheConvertersMessage(String line) {
        String[] args = line.split(" ");
        var out = new StringWriter();
        var err = new StringWriter();

        assertThat(FastRunParser.parse(args)).isEmpty();
        int exit = RunCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);

        String value = args[0].contains("=") ? args[0].substring(args[0].indexOf('=') + 1) : args[1];
        assertThat(exit).isEqualTo(ExitCodes.ERROR);
        assertThat(err.toString()).startsWith("spool: ").contains(value).doesNotContain("Invalid value")
                .doesNotContain("Try 'spool --help'").hasLineCount(1);
        assertThat(out.toString()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "--version", "-kj2 echo", "--bogus echo", "-j", "-n x echo",
        "--dry-run=yes echo"})
    void fastPath_anythingUnusual_leftToPicocli(String line) {
        assertThat(FastRunParser.parse(line.split(" "))).isEmpty();
    }

    /**
     * The fast path's table repeats the names of the {@code @Option} annotations (reading them at start-up is
     * slow): it must know every name of every option, as a flag exactly when the field is a boolean, each
     * setting that option's field and no other, and know no other name.
     */
    @Test
    void table_sameOptionsAsTheAnnotations_eachSettingItsOwnField() throws Exception {
        Map<Class<?>, String> sampleValue = new HashMap<>(Map.of(JobSlots.class, "3", JoblogConverter.Joblog.class,
                "log", Integer.class, "2", Long.class, "2", TimeoutSpec.class, "5", TermSequence.class, "TERM,10",
                HaltPolicy.class, "now,fail=1", Duration.class, "1", String.class, "x", List.class, "x"));
        sampleValue.put(Double.class, "2.5");
        Map<String, Boolean> annotated = new HashMap<>();
        Map<String, Object> fresh = fields(new RunOptions());
        for (Field field : RunOptions.class.getDeclaredFields()) {
            Option option = field.getAnnotation(Option.class);
            if (option == null) {
                continue;
            }
            boolean flag = field.getType() == boolean.class || field.getType() == boolean[].class; // [] counts
            for (String name : option.names()) {
                annotated.put(name, flag);
                assertThat(FastRunParser.namesForTest()).as(name).containsKey(name);
                RunOptions options = new RunOptions();
                String value = flag ? null : sampleValue.get(field.getType());
                assertThat(flag || value != null).as("a sample value for " + field.getType()).isTrue();

                FastRunParser.applyForTest(options, name, value);

                Map<String, Object> changed = new HashMap<>(fields(options));
                changed.entrySet().removeIf(e -> Objects.equals(e.getValue(), fresh.get(e.getKey())));
                assertThat(changed.keySet()).as(name).containsExactly(field.getName());
            }
        }
        assertThat(FastRunParser.namesForTest()).isEqualTo(annotated);
    }

    /** The options' values; a TermSequence (which has no equals) by its steps. */
    private static Map<String, Object> fields(RunOptions options) throws IllegalAccessException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : RunOptions.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            field.setAccessible(true);
            Object value = field.get(options);
            values.put(field.getName(), value instanceof TermSequence seq ? seq.steps() : value);
        }
        return values;
    }
}
