package dev.spool.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatsTest {

    private static final Instant AT = Instant.parse("2026-11-25T01:45:24Z");

    @Test
    void toString_totalKnown_readsAsOneLine() {
        Stats stats = stats(1000, 186, 2, 809, 3, 0, 1200.4, Optional.of(1000L),
                Optional.of(Duration.ofMillis(1500)));

        assertThat(stats).hasToString(
                "pool-1: 812/1000 done (3 failed), 2 running, 186 queued, 1.2k/s, p50 1.1 ms p99 4.0 ms, ETA 0:00:02");
    }

    @Test
    void toString_totalUnknownWithRetries_omitsEta() {
        Stats stats = stats(20, 5, 5, 10, 0, 2, 7.24, Optional.empty(), Optional.empty());

        assertThat(stats).hasToString(
                "pool-1: 10 done (2 retries), 5 running, 5 queued, 7.2/s, p50 1.1 ms p99 4.0 ms");
    }

    @Test
    void fractionDone_totalKnown_isFinishedOverTotal() {
        Stats stats = stats(1000, 186, 2, 809, 3, 0, 1.0, Optional.of(1000L), Optional.empty());

        assertThat(stats.finished()).isEqualTo(812);
        assertThat(stats.fractionDone()).isEqualTo(0.812);
    }

    @Test
    void constructor_negativeCount_throwsNamingIt() {
        assertThatThrownBy(() -> stats(10, -1, 0, 0, 0, 0, 0, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queued")
                .hasMessageContaining("-1");
    }

    private static Stats stats(long submitted, long queued, long running, long succeeded, long failed, long retries,
            double rate, Optional<Long> total, Optional<Duration> eta) {
        return new Stats("pool-1", AT, Duration.ofSeconds(1), submitted, queued, running, succeeded, failed, 0, 0, 0,
                retries, 2, rate, rate, Duration.ofNanos(1_100_000), Duration.ofMillis(3), Duration.ofMillis(4),
                Duration.ofMillis(9), total, eta);
    }
}
