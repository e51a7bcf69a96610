package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The start-up fast path fills RunOptions exactly as picocli does, or gives up and leaves it to picocli. */
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
    })
    void fastPath_plainCommandLine_sameOptionsAsPicocli(String line) throws Exception {
        String[] args = line.split(" ");

        RunOptions fast = FastRunParser.parse(args).orElseThrow();
        RunCommand viaPicocli = new RunCommand();
        new CommandLine(viaPicocli).setStopAtPositional(true).parseArgs(args);

        assertThat(fields(fast)).isEqualTo(fields(viaPicocli.options));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "--version", "-kj2 echo", "--bogus echo", "-j", "-n x echo",
        "--dry-run=yes echo"})
    void fastPath_anythingUnusual_leftToPicocli(String line) {
        assertThat(FastRunParser.parse(line.split(" "))).isEmpty();
    }

    private static Map<String, Object> fields(RunOptions options) throws IllegalAccessException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : RunOptions.class.getDeclaredFields()) {
            field.setAccessible(true);
            values.put(field.getName(), field.get(options));
        }
        return values;
    }
}
