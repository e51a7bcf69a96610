package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory does not grow with a job's output: spool runs with a heap smaller than one job's output, and
 * prints all of it, in every output mode that transforms it ({@code --tag}, {@code --line-buffer}).
 */
class RunOutputMemoryTest {

    /** Smaller than any job's output below, larger than what spool needs for itself. */
    private static final List<String> SMALL_HEAP = List.of("-Xmx32m");
    private static final long OUTPUT_BYTES = 48_000_000;
    /** Forty bytes: each job line is this and a newline. */
    private static final String LINE = "0123456789abcdefghijklmnopqrstuvwxyzABCD";

    @TempDir
    Path dir;

    @Test
    void tag_groupedOutputLargerThanTheHeap_everyLinePrefixed() throws Exception {
        Path out = dir.resolve("out");

        SpoolCli.Result result = spool(out, "--tag", "yes {} | head -c " + OUTPUT_BYTES, ":::", LINE);

        assertThat(result.exit()).as(result.toString()).isZero();
        long lines = (OUTPUT_BYTES + LINE.length()) / (LINE.length() + 1); // the last one is cut short
        byte[] prefix = (LINE + "\t").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Files.size(out)).isEqualTo(OUTPUT_BYTES + lines * prefix.length);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(out), 1 << 16)) {
            long counted = 0;
            int b = 0;
            while (b != -1) {
                byte[] start = in.readNBytes(prefix.length);
                if (start.length == 0) {
                    break;
                }
                assertThat(start).as("start of line %d", counted + 1).isEqualTo(prefix);
                counted++;
                while ((b = in.read()) != -1 && b != '\n') {
                    // the rest of the line
                }
            }
            assertThat(counted).isEqualTo(lines);
        }
    }

    @Test
    void lineBuffer_lineLongerThanTheHeap_relayedWholeWithOnePrefix() throws Exception {
        Path out = dir.resolve("out");

        SpoolCli.Result result = spool(out, "--line-buffer", "--tag",
                "head -c " + OUTPUT_BYTES + " /dev/zero | tr '\\0' {}", ":::", "x");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(Files.size(out)).isEqualTo(2 + OUTPUT_BYTES);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(out), 1 << 16)) {
            assertThat(in.readNBytes(2)).isEqualTo("x\t".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(allBytesAre(in, 'x')).isTrue();
        }
    }

    private SpoolCli.Result spool(Path out, String... args) throws IOException, InterruptedException {
        return SpoolCli.runToFile(SpoolCli.spoolCommand(SMALL_HEAP, args), dir, Map.of(), out);
    }

    private static boolean allBytesAre(InputStream in, int expected) throws IOException {
        byte[] chunk = new byte[1 << 16];
        int n;
        while ((n = in.read(chunk)) > 0) {
            for (int i = 0; i < n; i++) {
                if (chunk[i] != expected) {
                    return false;
                }
            }
        }
        return true;
    }
}
