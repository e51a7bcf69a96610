package dev.spool.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The parse errors and escapes of -d, --colsep and --trim. */
class InputOptionsTest {

    @Test
    void delimiter_gnuEscapes_becomeTheirBytes() {
        assertThat(RecordDelimiter.parse("\\t").bytes()).isEqualTo("\t");
        assertThat(RecordDelimiter.parse("\\n").bytes()).isEqualTo("\n");
        assertThat(RecordDelimiter.parse("\\r\\n").bytes()).isEqualTo("\r\n");
        assertThat(RecordDelimiter.parse("\\0").bytes()).isEqualTo("\0");
        assertThat(RecordDelimiter.parse("\\101").bytes()).isEqualTo("A");
        assertThat(RecordDelimiter.parse("\\377").bytes()).isEqualTo("\u00ff");
    }

    @Test
    void delimiter_otherBackslashes_stayLiteral() {
        assertThat(RecordDelimiter.parse("\\\\").bytes()).isEqualTo("\\\\");
        assertThat(RecordDelimiter.parse("\\x41").bytes()).isEqualTo("\\x41");
        assertThat(RecordDelimiter.parse("\\q").bytes()).isEqualTo("\\q");
        assertThat(RecordDelimiter.parse(".*").bytes()).isEqualTo(".*");
    }

    @Test
    void delimiter_empty_isRefusedAsUnsupported() {
        assertThatThrownBy(() -> RecordDelimiter.parse(""))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessage("-d '' (an empty delimiter: GNU parallel's paragraph mode) is not supported");
    }

    @Test
    void delimiter_octalAboveAByte_isRefusedNamingIt() {
        assertThatThrownBy(() -> RecordDelimiter.parse("x\\777"))
                .isInstanceOf(JobSpecException.class)
                .hasMessage("-d 'x\\777': octal escape \\777 is above \\377, not a byte");
    }

    @Test
    void colsep_invalidRegex_isRefusedNamingIt() {
        assertThatThrownBy(() -> ColumnSplitter.compile("a("))
                .isInstanceOf(JobSpecException.class)
                .hasMessageStartingWith("--colsep 'a(' is not a valid regular expression: ");
    }

    @Test
    void colsep_perlSplitRules_emptyMatchesAndGroups() {
        assertThat(ColumnSplitter.compile("x*").split("abc")).containsExactly("a", "b", "c", "");
        assertThat(ColumnSplitter.compile(",*").split(",a,,")).containsExactly("", "a", "");
        assertThat(ColumnSplitter.compile("(,)").split("a,b")).containsExactly("a", ",", "b");
        assertThat(ColumnSplitter.compile(",").split("")).containsExactly("");
        assertThat(ColumnSplitter.compile(",").split("a,")).containsExactly("a", "");
    }

    @Test
    void trim_unknownMode_isRefusedNamingIt() {
        assertThatThrownBy(() -> TrimMode.parse("x"))
                .isInstanceOf(JobSpecException.class)
                .hasMessage("--trim must be one of n, l, r, lr, rl, not 'x'");
    }

    @Test
    void trim_perlWhiteSpace_onlyAsciiIsRemoved() {
        assertThat(TrimMode.BOTH.apply(" \t\u000b\f\r\na\u00a0\u0085 ")).isEqualTo("a\u00a0\u0085");
    }
}
