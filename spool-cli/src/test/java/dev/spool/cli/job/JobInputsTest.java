package dev.spool.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobInputsTest {

    private static final InputStream NO_STDIN = InputStream.nullInputStream();

    @TempDir
    Path tmp;

    /** An endless stream of numbered lines: reading it all would never finish. */
    static InputStream endlessLines() {
        return new InputStream() {
            private long line;
            private byte[] current = new byte[0];
            private int pos;

            @Override
            public int read() {
                if (pos == current.length) {
                    current = (++line + "\n").getBytes(StandardCharsets.ISO_8859_1);
                    pos = 0;
                }
                return current[pos++];
            }
        };
    }

    private static List<List<String>> take(Iterator<JobArgs> it, int n) {
        List<List<String>> out = new ArrayList<>();
        while (out.size() < n && it.hasNext()) {
            out.add(it.next().values());
        }
        return out;
    }

    @Test
    void open_endlessStdin_streamsWithoutReadingToTheEnd() {
        Iterator<JobArgs> it = JobInputs.builder().build().open(endlessLines());
        JobArgs last = null;
        for (int i = 0; i < 200_000; i++) {
            last = it.next();
        }
        assertThat(last.seq()).isEqualTo(200_000);
        assertThat(last.values()).containsExactly("200000");
    }

    @Test
    void open_endlessFirstSourceCombinedWithValues_streams() {
        Iterator<JobArgs> it = JobInputs.builder().source(new InputSource.Stdin(false))
                .source(new InputSource.Values(List.of("x", "y"), false)).build().open(endlessLines());
        assertThat(take(it, 4)).containsExactly(List.of("1", "x"), List.of("1", "y"), List.of("2", "x"),
                List.of("2", "y"));
    }

    @Test
    void open_linkWithEndlessStdin_recyclesTheShortSource() {
        Iterator<JobArgs> it = JobInputs.builder().link(true).source(new InputSource.Stdin(false))
                .source(new InputSource.Values(List.of("x", "y"), false)).build().open(endlessLines());
        assertThat(take(it, 3)).containsExactly(List.of("1", "x"), List.of("2", "y"), List.of("3", "x"));
    }

    @Test
    void open_linkWithShortStdin_remembersItForRecycling() {
        Iterator<JobArgs> it = JobInputs.builder().link(true).source(new InputSource.Stdin(false))
                .source(new InputSource.Values(List.of("1", "2", "3"), false)).build()
                .open(new ByteArrayInputStream("a\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(take(it, 10)).containsExactly(List.of("a", "1"), List.of("a", "2"), List.of("a", "3"));
    }

    @Test
    void open_linkWithRegularFile_reopensItForRecycling() throws Exception {
        Path f = Files.writeString(tmp.resolve("ab"), "a\nb\n");
        Iterator<JobArgs> it = JobInputs.builder().link(true).source(new InputSource.FileSource(f, false))
                .source(new InputSource.Values(List.of("1", "2", "3", "4", "5"), false)).build().open(NO_STDIN);
        assertThat(take(it, 10)).extracting(v -> v.getFirst()).containsExactly("a", "b", "a", "b", "a");
    }

    @Test
    void open_missingFile_failsBeforeAnyJobNamingTheFile() {
        Path missing = tmp.resolve("nope.txt");
        JobInputs inputs = JobInputs.builder().source(new InputSource.FileSource(missing, false)).build();
        assertThatThrownBy(() -> inputs.open(NO_STDIN))
                .isInstanceOf(JobSpecException.class)
                .hasMessage("cannot open input file '" + missing + "': No such file or directory");
    }

    @Test
    void open_directoryAsFile_failsNamingIt() {
        JobInputs inputs = JobInputs.builder().source(new InputSource.FileSource(tmp, false)).build();
        assertThatThrownBy(() -> inputs.open(NO_STDIN))
                .isInstanceOf(JobSpecException.class)
                .hasMessage("cannot read input file '" + tmp + "': Is a directory");
    }

    @Test
    void open_nulInsideValue_becomesBackslashZero() {
        Iterator<JobArgs> it = JobInputs.builder().build()
                .open(new ByteArrayInputStream("a\0b\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(it.next().values()).containsExactly("a\\0b");
    }

    @Test
    void open_nonUtf8Bytes_arriveUnchanged() {
        byte[] input = {(byte) 0xff, (byte) 0xfe, 'x', '\n', (byte) 0xc3, (byte) 0x28, '\n'};
        Iterator<JobArgs> it = JobInputs.builder().build().open(new ByteArrayInputStream(input));
        assertThat(it.next().values().getFirst().getBytes(StandardCharsets.ISO_8859_1))
                .containsExactly(0xff, 0xfe, 'x');
        assertThat(it.next().values().getFirst().getBytes(StandardCharsets.ISO_8859_1)).containsExactly(0xc3, 0x28);
    }

    @Test
    void argsPerJob_negative_isRefusedNamingTheOption() {
        assertThatThrownBy(() -> ArgsPerJob.exactly(-1)).isInstanceOf(JobSpecException.class)
                .hasMessage("-N must be 0 or more, not -1");
    }
}
