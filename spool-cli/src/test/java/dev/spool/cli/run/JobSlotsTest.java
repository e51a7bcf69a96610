package dev.spool.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code -j}: GNU parallel's forms, garbage refused naming the value, huge values saturated. */
class JobSlotsTest {

    private static final int CPUS = 4;

    @Test
    void parse_gnuForms_slotsAsGnuParallelCountsThem() {
        assertThat(JobSlots.parse("3", CPUS)).isEqualTo(3);
        assertThat(JobSlots.parse("007", CPUS)).isEqualTo(7);
        assertThat(JobSlots.parse("+2", CPUS)).isEqualTo(6);
        assertThat(JobSlots.parse("+0", CPUS)).isEqualTo(4);
        assertThat(JobSlots.parse("-1", CPUS)).isEqualTo(3);
        assertThat(JobSlots.parse("-0", CPUS)).isEqualTo(4);
        assertThat(JobSlots.parse("50%", CPUS)).isEqualTo(2);
        assertThat(JobSlots.parse("0", CPUS)).isEqualTo(JobSlots.UNLIMITED);
    }

    @Test
    void parse_percentage_roundsUpAsGnuParallelDoes() {
        assertThat(JobSlots.parse("51%", 2)).isEqualTo(2);
        assertThat(JobSlots.parse("1%", 2)).isEqualTo(1);
        assertThat(JobSlots.parse("100.5%", 2)).isEqualTo(3);
        assertThat(JobSlots.parse("33.3%", 4)).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0%", "0.0%", "-4", "-5", "-99999999999999999999"})
    void parse_noSlotLeft_refusedAsGnuParallelDoes(String spec) {
        assertThatThrownBy(() -> JobSlots.parse(spec, CPUS)).isInstanceOf(UsageException.class)
                .hasMessage("-j: '" + spec + "' leaves no job slot on " + CPUS + " CPUs: cannot run any jobs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN%", "Infinity%", "-Infinity%", "1e308%", "1e3", "--3", "+-5", "-+5", "++1", "",
            " 3", "3 ", "0x10", "1.5", "1.%", ".5%", "-5%", "%", "+", "-", "5x", "\u0663", "3\n"})
    void parse_notANumberOfJobs_refusedNamingTheValue(String spec) {
        assertThatThrownBy(() -> JobSlots.parse(spec, CPUS)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("-j: '" + spec + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483647", "2147483648", "99999999999999999999999999", "+2147483647",
            "+99999999999999999999", "9999999999999999999999%", "53687091200%"})
    void parse_hugeValue_saturatesAtIntMax(String spec) {
        assertThat(JobSlots.parse(spec, CPUS)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void parse_hundredThousandDigits_saturatesQuickly() {
        String digits = "9".repeat(100_000);

        assertThat(JobSlots.parse(digits, CPUS)).isEqualTo(Integer.MAX_VALUE);
        assertThat(JobSlots.parse("+" + digits, CPUS)).isEqualTo(Integer.MAX_VALUE);
        assertThat(JobSlots.parse(digits + "%", CPUS)).isEqualTo(Integer.MAX_VALUE);
    }
}
