package dev.spool.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinePrefixingOutputStreamTest {

    @ParameterizedTest(name = "{0} in pieces of {1}")
    @CsvSource(delimiter = '|', textBlock = """
            a\\nb\\n     | 1 | T:a\\nT:b\\n
            a\\nb\\n     | 3 | T:a\\nT:b\\n
            a\\nb        | 2 | T:a\\nT:b
            \\n\\nx      | 1 | T:\\nT:\\nT:x
            ''           | 1 | ''
            long-line\\n | 4 | T:long-line\\n
            """)
    void write_anyPieces_prefixAtEveryLineStartOnly(String input, int piece, String expected) throws IOException {
        byte[] bytes = unescape(input).getBytes(StandardCharsets.ISO_8859_1);
        var sink = new ByteArrayOutputStream();
        try (var prefixing = new LinePrefixingOutputStream(sink, "T:".getBytes(StandardCharsets.ISO_8859_1))) {
            for (int i = 0; i < bytes.length; i += piece) {
                prefixing.write(bytes, i, Math.min(piece, bytes.length - i));
            }
        }

        assertThat(sink.toString(StandardCharsets.ISO_8859_1)).isEqualTo(unescape(expected));
    }

    private static String unescape(String s) {
        return s.replace("\\n", "\n");
    }
}
