package dev.spool.cli.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.cli.UsageException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** --block's units as GNU parallel's multiply_binary_prefix reads them (each checked against GNU parallel). */
class BlockSizeTest {

    @ParameterizedTest
    @CsvSource({"10, 10", "1k, 1000", "1K, 1024", "1ki, 1024", "1Ki, 1024", "0.5k, 500", "1M, 1048576",
            "1m, 1000000", "2G, 2147483648", "1T, 1099511627776", "-1, -1", "-10, -10", "1.9, 1"})
    void parse_numberWithUnit_bytes(String text, long bytes) {
        assertThat(BlockSize.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "k", "1X", "1 k", "0", "0.4", "1e3", "99999999999P"})
    void parse_notASize_usageErrorNamingIt(String text) {
        assertThatThrownBy(() -> BlockSize.parse(text)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--block: '" + text + "'");
    }
}
