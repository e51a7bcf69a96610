package dev.spool.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** GNU parallel's length estimate ({@code CommandLine::len}); each expected value is GNU's for the same line. */
class LineLengthTest {

    private static long length(List<String> words, ArgsPerJob perJob, List<List<String>> records) {
        LineLength.Line line = CommandTemplate.parse(words, ReplacementStrings.DEFAULT, perJob).lineLength().start(7);
        records.forEach(line::add);
        return line.length();
    }

    private static List<List<String>> single(String... values) {
        return java.util.Arrays.stream(values).map(List::of).toList();
    }

    @Test
    void length_valuesAppended_isTheLineWithSpaces() {
        // echo 1 2
        assertThat(length(List.of("echo"), ArgsPerJob.asManyAsFit(false), single("1", "2"))).isEqualTo(8);
    }

    @Test
    void length_contextReplace_countsTheWordOncePerValue() {
        // echo xay xby
        assertThat(length(List.of("echo", "x{}y"), ArgsPerJob.asManyAsFit(true), single("a", "b"))).isEqualTo(12);
    }

    @Test
    void length_nonContext_countsTheWordTextOnce() {
        // echo xa by
        assertThat(length(List.of("echo", "x{}y"), ArgsPerJob.asManyAsFit(false), single("a", "b"))).isEqualTo(10);
    }

    @Test
    void length_valueNeedingQuotes_countsItQuotedAsGnuQuotes() {
        // echo 'c d' 'e'"'"'f'
        assertThat(length(List.of("echo"), ArgsPerJob.asManyAsFit(false), single("c d", "e'f")))
                .isEqualTo("echo 'c d' 'e'\"'\"'f'".length());
    }

    @Test
    void length_replacementStringStartsTheCommand_valuesUnquoted() {
        assertThat(length(List.of("{}"), ArgsPerJob.ONE, single("a b"))).isEqualTo(3);
    }

    @Test
    void length_noCommand_valuesUnquoted() {
        assertThat(length(List.of(), ArgsPerJob.ONE, single("echo a b"))).isEqualTo(8);
    }

    @Test
    void length_positional_measuresItsColumnOnly() {
        // echo 1 2 (two records of two values: {2} once per record, the space between values counted by
        // GNU once per value of every record)
        assertThat(length(List.of("echo", "{2}"), ArgsPerJob.asManyAsFit(false),
                List.of(List.of("aaaa", "1"), List.of("bbbb", "2")))).isEqualTo(4 + 1 + 3 + 2);
    }

    @Test
    void length_jobNumber_measuresTheLinesNumber() {
        // echo 7 (the line is job 7); {#} is positional, measured once per record
        assertThat(length(List.of("echo", "{#}"), ArgsPerJob.ONE, single("whatever"))).isEqualTo(6);
    }

    @Test
    void length_derivedString_measuresTheDerivedValue() {
        // echo dir/file: {.} of dir/file.tar is dir/file
        assertThat(length(List.of("echo", "{.}"), ArgsPerJob.ONE, single("dir/file.tar"))).isEqualTo(13);
    }

    @Test
    void length_textAroundReplacementStringInsideAShellWord_isContext() {
        // 'echo a{}b | cat' is one word: "echo ", " | cat" are plain text, "a{}b" the context
        assertThat(length(List.of("echo a{}b | cat"), ArgsPerJob.asManyAsFit(true), single("1", "2")))
                .isEqualTo("echo a1b a2b | cat".length());
    }
}
