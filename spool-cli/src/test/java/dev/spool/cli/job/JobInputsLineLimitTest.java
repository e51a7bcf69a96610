package dev.spool.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Records gathered into lines by length ({@code -s}) and count, and spread over the job slots
 * ({@code -m}, {@code -X}); the expected lines are GNU parallel 20221122's.
 */
class JobInputsLineLimitTest {

    private static final List<String> ECHO = List.of("echo");

    private static List<String> values(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).toList();
    }

    private static List<List<String>> lines(List<String> words, ArgsPerJob perJob, LineLimit limit,
            List<String> values) {
        CommandTemplate template = CommandTemplate.parse(words, ReplacementStrings.DEFAULT, perJob);
        Iterator<JobArgs> it = JobInputs.builder().source(new InputSource.Values(values, false)).argsPerJob(perJob)
                .lineLimit(limit, template.lineLength()).build().open(InputStream.nullInputStream());
        List<List<String>> out = new ArrayList<>();
        long seq = 0;
        while (it.hasNext()) {
            JobArgs job = it.next();
            assertThat(job.seq()).isEqualTo(++seq);
            out.add(job.values());
        }
        return out;
    }

    @Test
    void xargs_lengthLimit_fillsEachLineBelowIt() {
        // parallel --xargs -s 10 echo ::: 1..10: "echo 1 2 3" would be 10 long
        assertThat(lines(ECHO, ArgsPerJob.asManyAsFit(false), new LineLimit(10, 0), values(1, 10)))
                .containsExactly(List.of("1", "2"), List.of("3", "4"), List.of("5", "6"), List.of("7", "8"),
                        List.of("9", "10"));
    }

    @Test
    void contextReplace_lengthLimit_countsTheRepeatedWord() {
        // parallel -X -s 20 -j1 echo x{}y ::: 1..6: "echo x1y x2y x3y" is 16, with x4y 20
        assertThat(lines(List.of("echo", "x{}y"), ArgsPerJob.asManyAsFit(true), new LineLimit(20, 1), values(1, 6)))
                .containsExactly(List.of("1", "2", "3"), List.of("4", "5", "6"));
    }

    @Test
    void spread_inputEndsInTheFirstLine_spreadsEvenlyOverTheSlots() {
        // parallel -j3 -m echo ::: 1..7
        assertThat(lines(ECHO, ArgsPerJob.asManyAsFit(false), new LineLimit(LineLimit.GNU_DEFAULT_MAX_CHARS, 3),
                values(1, 7))).containsExactly(List.of("1", "2", "3"), List.of("4", "5", "6"), List.of("7"));
    }

    @Test
    void spread_inputEndsInALaterLine_spreadsThatLineOnly() {
        // parallel -j2 -s 10 -X echo ::: 1..10
        assertThat(lines(ECHO, ArgsPerJob.asManyAsFit(true), new LineLimit(10, 2), values(1, 10)))
                .containsExactly(List.of("1", "2"), List.of("3", "4"), List.of("5", "6"), List.of("7", "8"),
                        List.of("9"), List.of("10"));
    }

    @Test
    void spread_countLimitReachedAtTheEnd_spreadsToo() {
        // parallel -j2 -m -n 3 echo ::: 1..6
        assertThat(lines(ECHO, ArgsPerJob.atMost(3), new LineLimit(LineLimit.GNU_DEFAULT_MAX_CHARS, 2),
                values(1, 6))).containsExactly(List.of("1", "2", "3"), List.of("4", "5"), List.of("6"));
    }

    @Test
    void spread_oneSlot_keepsTheLine() {
        assertThat(lines(ECHO, ArgsPerJob.asManyAsFit(false), new LineLimit(LineLimit.GNU_DEFAULT_MAX_CHARS, 1),
                values(1, 4))).containsExactly(values(1, 4));
    }

    @Test
    void noSpread_xargs_keepsAllInOneLine() {
        assertThat(lines(ECHO, ArgsPerJob.asManyAsFit(false), new LineLimit(LineLimit.GNU_DEFAULT_MAX_CHARS, 0),
                values(1, 7))).containsExactly(values(1, 7));
    }

    @Test
    void oneRecordTooLong_isAnErrorNamingItsInputNumber() {
        // parallel -s 8 -j1 echo ::: 1 22 333: "echo 333" is 8 long
        List<String> input = List.of("1", "22", "333", "4");
        CommandTemplate template = CommandTemplate.parse(ECHO);
        Iterator<JobArgs> it = JobInputs.builder().source(new InputSource.Values(input, false))
                .lineLimit(new LineLimit(8, 0), template.lineLength()).build().open(InputStream.nullInputStream());
        assertThat(it.next().values()).containsExactly("1");
        assertThat(it.next().values()).containsExactly("22");
        assertThatThrownBy(it::next).isInstanceOf(JobSpecException.class)
                .hasMessage("Command line too long (8 >= 8) at input 3: 333");
    }

    @Test
    void oneRecordTooLong_longValue_isCutInTheMessage() {
        String value = "x".repeat(80);
        assertThatThrownBy(() -> lines(ECHO, ArgsPerJob.ONE, new LineLimit(20, 0), List.of(value)))
                .isInstanceOf(JobSpecException.class)
                .hasMessage("Command line too long (85 >= 20) at input 1: " + "x".repeat(50) + "...");
    }

    @Test
    void recordTooLongAfterAHandedBackOne_namesItsOwnNumber() {
        // -X -s 9: "echo 1 22" is 9: 22 starts line 2; "echo 22 333" too long: 333 starts line 3, alone too long
        assertThatThrownBy(() -> lines(ECHO, ArgsPerJob.asManyAsFit(true), new LineLimit(9, 0),
                List.of("1", "22", "333333", "4")))
                .isInstanceOf(JobSpecException.class).hasMessageContaining("at input 3: 333333");
    }

    @Test
    void endlessStdin_lengthLimitedLines_streamWithoutReadingToTheEnd() {
        InputStream endless = JobInputsTest.endlessLines();
        ArgsPerJob perJob = ArgsPerJob.asManyAsFit(false);
        CommandTemplate template = CommandTemplate.parse(ECHO, ReplacementStrings.DEFAULT, perJob);
        Iterator<JobArgs> it = JobInputs.builder().argsPerJob(perJob)
                .lineLimit(new LineLimit(LineLimit.GNU_DEFAULT_MAX_CHARS, 4), template.lineLength()).build()
                .open(endless);
        long values = 0;
        for (int i = 0; i < 20; i++) {
            JobArgs job = it.next();
            String line = "echo " + String.join(" ", job.values());
            assertThat(line.length()).isLessThan(LineLimit.GNU_DEFAULT_MAX_CHARS);
            values += job.values().size();
        }
        assertThat(values).isGreaterThan(100_000);
    }

    @Test
    void countZero_oneRecordPerJob_noValueInserted() {
        assertThat(lines(ECHO, ArgsPerJob.atMost(0), new LineLimit(LineLimit.GNU_DEFAULT_MAX_CHARS, 0),
                values(1, 2))).containsExactly(List.of(JobArgs.NO_ARG), List.of(JobArgs.NO_ARG));
    }
}
