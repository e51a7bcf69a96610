package dev.spool.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.outcome.Outcome.TaskInfo;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskInfoTest {

    private static final Instant SUBMITTED = Instant.parse("2026-11-25T03:00:00.000000001Z");
    private static final Instant STARTED = Instant.parse("2026-11-25T03:00:01.5Z");
    private static final Instant ENDED = Instant.parse("2026-11-25T03:00:04Z");

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Test
    void ofEpochNanos_sameTimes_equalsTheInstantForm() {
        var fromInstants = new TaskInfo(7, 2, "w-1", SUBMITTED, STARTED, ENDED);
        var fromNanos = TaskInfo.ofEpochNanos(7, 2, "w-1", nanos(SUBMITTED), nanos(STARTED), nanos(ENDED));

        assertThat(fromNanos).isEqualTo(fromInstants).hasSameHashCodeAs(fromInstants);
        assertThat(fromNanos.submitted()).isEqualTo(SUBMITTED);
        assertThat(fromNanos.started()).isEqualTo(STARTED);
        assertThat(fromNanos.ended()).isEqualTo(ENDED);
        assertThat(fromNanos.runTime()).isEqualTo(Duration.ofMillis(2500));
        assertThat(fromNanos.toString()).isEqualTo(fromInstants.toString()).isEqualTo(
                "TaskInfo[seq=7, attempts=2, worker=w-1, submitted=2026-11-25T03:00:00.000000001Z, "
                        + "started=2026-11-25T03:00:01.500Z, ended=2026-11-25T03:00:04Z]");
    }

    @Test
    void ofEpochNanos_noAttempts_startedIsNullAndRunTimeZero() {
        var info = TaskInfo.ofEpochNanos(1, 0, "", nanos(SUBMITTED), 12345, nanos(ENDED));

        assertThat(info.started()).isNull();
        assertThat(info.runTime()).isEqualTo(Duration.ZERO);
        assertThat(info).isEqualTo(new TaskInfo(1, 0, "", SUBMITTED, null, ENDED));
    }

    @Test
    void constructor_timesBeyondEpochNanos_keptExactly() {
        Instant far = Instant.parse("+10000-01-01T00:00:00.123456789Z");
        Instant early = Instant.parse("1066-10-14T09:00:00Z");
        var info = new TaskInfo(3, 1, "pid 9", early, early, far);

        assertThat(info.submitted()).isEqualTo(early);
        assertThat(info.started()).isEqualTo(early);
        assertThat(info.ended()).isEqualTo(far);
        assertThat(info.runTime()).isEqualTo(Duration.between(early, far));
    }

    @Test
    void runTime_timesTooFarApartForNanosInALong_isExact() {
        Instant start = Instant.parse("1700-01-01T00:00:00Z");
        Instant end = Instant.parse("2250-01-01T00:00:00Z");

        var info = TaskInfo.ofEpochNanos(1, 1, "w", nanos(start), nanos(start), nanos(end));

        assertThat(info.runTime()).isEqualTo(Duration.between(start, end));
    }

    @Test
    void constructor_startedNullWithAttempts_keptAsGiven() {
        var info = new TaskInfo(4, 1, "w", SUBMITTED, null, ENDED);

        assertThat(info.started()).isNull();
        assertThat(info.runTime()).isEqualTo(Duration.ZERO);
        assertThat(info).isNotEqualTo(new TaskInfo(4, 1, "w", SUBMITTED, STARTED, ENDED));
    }

    @Test
    void constructor_nullSubmitted_throwsNamingIt() {
        assertThatThrownBy(() -> new TaskInfo(1, 0, "", null, null, ENDED))
                .isInstanceOf(NullPointerException.class).hasMessage("submitted");
    }
}
