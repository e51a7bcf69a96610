package dev.spool.cli.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stdin's blocks without a process: where they end, the warning, and the bound on buffers. */
class StdinBlocksTest {

    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

    private List<String> blocks(String input, long block, Records records, String header, BlockBuffers buffers) {
        var in = Channels.newChannel(new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)));
        var blocks = new StdinBlocks(in, buffers, block, records, header, new PrintStream(warnings, true));
        List<String> out = new ArrayList<>();
        blocks.forEachRemaining(b -> {
            out.add(StdinBlocks.text((PipeInput.Block) b));
            b.release();
        });
        return out;
    }

    @Test
    void lines_blockOf10_endsAtTheLastNewlineWithin() {
        assertThat(blocks("aaaa\nbbbb\ncccc\ndddd\neeee\n", 10, Records.of(null, null, false, null, null), null,
                new BlockBuffers(2))).containsExactly("aaaa\nbbbb\n", "cccc\ndddd\n", "eeee\n");
        assertThat(warnings.toString()).isEmpty();
    }

    @Test
    void recordLongerThanBlock_blockGrows_withGnusWarning() {
        assertThat(blocks("aaaa\nb\n", 3, Records.of(null, null, false, null, null), null, new BlockBuffers(2)))
                .containsExactly("aaaa\n", "b\n");
        assertThat(warnings.toString()).isEqualTo(
                "spool: Warning: A record was longer than 3. Increasing to --blocksize 5.\n");
    }

    @Test
    void recstartAndRecendAndHeader_eachBlockOneRecordAfterTheHeader() {
        assertThat(blocks("H\na|>b|>c|", 1000, Records.of(">", "|", false, 1, null), ":", new BlockBuffers(2)))
                .containsExactly("H\na|", "H\n>b|", "H\n>c|");
    }

    @Test
    void escapes_understoodInFixedSeparators() {
        assertThat(Records.unescape("\\n\\t\\0\\\\\\x")).isEqualTo("\n\t\0\\\\x");
    }

    @Test
    void manyBlocks_twoBuffers_reusedNotGrown() {
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            input.append(i).append('\n');
        }
        List<String> blocks = blocks(input.toString(), 100, Records.of(null, null, false, null, null), null,
                new BlockBuffers(2));

        assertThat(String.join("", blocks)).isEqualTo(input.toString());
        assertThat(blocks).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(100).endsWith("\n"));
    }
}
