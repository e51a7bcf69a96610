package dev.spool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.process.ProcessWorkers;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every bad argument is refused at the entry point with a message that names the bad value. */
class PoolArgumentsTest {

    @Test
    void workers_zeroOrNegative_rejectedNamingTheValue() {
        assertThatThrownBy(() -> Pool.builder().workers(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("workers must be positive, was 0");
        assertThatThrownBy(() -> Pool.builder().workers(-3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("workers must be positive, was -3");
    }

    @Test
    void queueCapacity_zero_rejectedNamingTheValue() {
        assertThatThrownBy(() -> Pool.builder().queueCapacity(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
    }

    @Test
    void taskTimeout_zeroOrNegative_rejected() {
        assertThatThrownBy(() -> Pool.builder().taskTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> Pool.builder().taskTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> Pool.builder().taskTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessage("timeout");
    }

    @Test
    void name_blank_rejected() {
        assertThatThrownBy(() -> Pool.builder().name(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("' '");
    }

    @Test
    void kind_processFactory_setsTheKind_andTheEnumFindsTheDefaultFactory() {
        assertThat(Pool.builder().kind(ProcessWorkers.childJvms()).kind).isEqualTo(WorkerKind.PROCESS);
        assertThat(Pool.builder().kind(ProcessWorkers.childJvms()).kind(WorkerKind.VIRTUAL).kindFactory).isNull();
    }

    @Test
    void processSettings_badValues_rejectedNamingThem() {
        assertThatThrownBy(() -> ProcessWorkers.childJvms().jvmOptions("Xmx64m"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Xmx64m'");
        assertThatThrownBy(() -> ProcessWorkers.childJvms().jvmOptions(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("' '");
        assertThatThrownBy(() -> ProcessWorkers.childJvms().jvmOptions("-cp", "/tmp"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'-cp'");
        assertThatThrownBy(() -> ProcessWorkers.childJvms().tasksPerChild(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tasksPerChild must be positive, was 0");
    }

    @Test
    void retryPolicy_badValues_rejectedNamingThem() {
        assertThatThrownBy(() -> RetryPolicy.attempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAttempts must be at least 1, was 0");
        assertThatThrownBy(() -> RetryPolicy.attempts(2).backoff(Duration.ofMillis(1), 0.5, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.5");
        assertThatThrownBy(() -> RetryPolicy.attempts(2).fixedDelay(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.005S");
    }

    @Test
    void retryPolicy_backoff_growsAndCaps() {
        var policy = RetryPolicy.attempts(10).backoff(Duration.ofMillis(100), 2.0, Duration.ofMillis(500));
        org.assertj.core.api.Assertions.assertThat(List.of(
                policy.delayAfter(1), policy.delayAfter(2), policy.delayAfter(3), policy.delayAfter(4)))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                        Duration.ofMillis(500));
    }

    @Test
    void mapOptions_badValues_rejectedNamingThem() {
        assertThatThrownBy(() -> MapOptions.ordered().chunkSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("chunkSize must be at least 1, was 0");
        assertThatThrownBy(() -> MapOptions.ordered().window(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be positive, was 0");
    }

    @Test
    void submit_nullTask_rejected() {
        try (Pool pool = Pool.builder().workers(1).handleSignals(false).build()) {
            assertThatThrownBy(() -> pool.submit((Task<Integer, Integer>) null, 1))
                    .isInstanceOf(NullPointerException.class).hasMessage("task");
            assertThatThrownBy(() -> pool.map(null, List.of(1)))
                    .isInstanceOf(NullPointerException.class).hasMessage("task");
            assertThatThrownBy(() -> pool.map(new TestTasks.Doubler(), (Iterable<Integer>) null))
                    .isInstanceOf(NullPointerException.class).hasMessage("inputs");
        }
    }

    @Test
    void submit_afterShutdown_poolClosedExceptionWithSnapshot() {
        Pool pool = Pool.builder().workers(1).name("closed-pool").handleSignals(false).build();
        pool.close();
        assertThatThrownBy(() -> pool.submit(new TestTasks.Doubler(), 1))
                .isInstanceOf(PoolClosedException.class)
                .hasMessageContaining("closed-pool").hasMessageContaining("terminated");
    }

    @Test
    void awaitOutcome_negativeTimeout_rejected() throws Exception {
        try (Pool pool = Pool.builder().workers(1).handleSignals(false).build()) {
            TaskHandle<Integer> handle = pool.submit(new TestTasks.Doubler(), 1);
            assertThatThrownBy(() -> handle.await(Duration.ofSeconds(-2)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-2S");
        }
    }
}
