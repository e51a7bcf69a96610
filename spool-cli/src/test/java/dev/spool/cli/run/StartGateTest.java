package dev.spool.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The start gate against this machine's real /proc: what it reads, and that a closed gate holds until a stop. */
class StartGateTest {

    @Test
    void machineReadings_areThoseOfALiveLinuxMachine() {
        assertThat(StartGate.memAvailable()).isPositive().isLessThan(Long.MAX_VALUE);
        assertThat(StartGate.runningNow()).isNotNegative();
    }

    @Test
    void noLimits_inactive_opensAtOnce() throws Exception {
        StartGate gate = new StartGate(0, 0, false);

        assertThat(gate.active()).isFalse();
        assertThat(gate.await(() -> {
            throw new AssertionError("an open gate asks nothing");
        })).isTrue();
    }

    @Test
    void limitsTheMachineMeets_open() throws Exception {
        StartGate gate = new StartGate(1_000_000, 1, false);

        assertThat(gate.active()).isTrue();
        assertThat(gate.await(() -> {
            throw new AssertionError("an open gate asks nothing");
        })).isTrue();
    }

    @Test
    void moreMemoryThanTheMachineHas_holdsUntilTheRunStops() throws Exception {
        StartGate gate = new StartGate(0, Long.MAX_VALUE - 1, false);
        AtomicInteger asked = new AtomicInteger();

        boolean opened = gate.await(() -> asked.incrementAndGet() >= 3);

        assertThat(opened).as("a stop, not room, ended the wait").isFalse();
        assertThat(asked).as("checked again while held, until the stop").hasValue(3);
    }
}
