package dev.spool.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records up to the limit are read whole; a longer one is refused naming the source and the limit. */
class RecordReaderTest {

    @Test
    void read_recordOfExactlyTheLimit_isReturnedWhole() {
        byte[] input = new byte[RecordReader.MAX_RECORD_BYTES + 2];
        java.util.Arrays.fill(input, (byte) 'x');
        input[RecordReader.MAX_RECORD_BYTES] = '\n';
        input[RecordReader.MAX_RECORD_BYTES + 1] = 'y';

        List<String> records = readAll(new ByteArrayInputStream(input));

        assertThat(records).hasSize(2);
        assertThat(records.get(0)).hasSize(RecordReader.MAX_RECORD_BYTES);
        assertThat(records.get(1)).isEqualTo("y");
    }

    @Test
    void read_endlessRecord_refusedNamingSourceAndLimit() {
        var reader = new RecordReader(new EndlessZeros(), RecordDelimiter.NEWLINE, true, "input file 'zeros'");

        assertThatThrownBy(reader::hasNext).isInstanceOf(JobSpecException.class)
                .hasMessage("input file 'zeros': a record is longer than spool's limit of 64 MiB");
    }

    private static List<String> readAll(InputStream in) {
        List<String> records = new ArrayList<>();
        new RecordReader(in, RecordDelimiter.NEWLINE, true, "test input").forEachRemaining(records::add);
        return records;
    }

    /** Like /dev/zero: never ends, never holds a newline. */
    private static final class EndlessZeros extends InputStream {
        @Override
        public int read() {
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 0);
            return len;
        }
    }

}
