package dev.spool.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignalNamesTest {

    @Test
    void number_namesPrefixesAndNumbers_mapToLinuxNumbers() {
        assertThat(SignalNames.number("TERM")).isEqualTo(15);
        assertThat(SignalNames.number("SIGKILL")).isEqualTo(9);
        assertThat(SignalNames.number("int")).isEqualTo(2);
        assertThat(SignalNames.number("HUP")).isEqualTo(1);
        assertThat(SignalNames.number("QUIT")).isEqualTo(3);
        assertThat(SignalNames.number("USR1")).isEqualTo(10);
        assertThat(SignalNames.number("USR2")).isEqualTo(12);
        assertThat(SignalNames.number("CHLD")).isEqualTo(17);
        assertThat(SignalNames.number("RTMIN+2")).isEqualTo(36);
        assertThat(SignalNames.number("RTMAX")).isEqualTo(64);
        assertThat(SignalNames.number("15")).isEqualTo(15);
    }

    @Test
    void name_numbers_mapToNamesWithoutPrefix() {
        assertThat(SignalNames.name(15)).isEqualTo("TERM");
        assertThat(SignalNames.name(9)).isEqualTo("KILL");
        assertThat(SignalNames.name(34)).isEqualTo("RTMIN");
        assertThat(SignalNames.name(63)).isEqualTo("RTMAX-1");
        for (int n = 1; n <= 64; n++) {
            if (n != 32 && n != 33) {
                assertThat(SignalNames.number(SignalNames.name(n))).isEqualTo(n);
            }
        }
    }

    @Test
    void number_unknownOrOutOfRange_throwsNamingTheToken() {
        assertThatThrownBy(() -> SignalNames.number("TERMINATE")).hasMessageContaining("\"TERMINATE\"");
        assertThatThrownBy(() -> SignalNames.number("0")).hasMessageContaining("\"0\"");
        assertThatThrownBy(() -> SignalNames.number("65")).hasMessageContaining("\"65\"");
        assertThatThrownBy(() -> SignalNames.number("RTMIN+-3")).hasMessageContaining("\"RTMIN+-3\"");
        assertThatThrownBy(() -> SignalNames.number("")).isInstanceOf(IllegalArgumentException.class);
    }
}
