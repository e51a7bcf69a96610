package dev.spool.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlotLimitsTest {

    private static final SlotLimits.Room ROOMY = new SlotLimits.Room(30_000, "pid_max", 20_000, "ulimit -n");

    @Test
    void cap_withinTheRoom_slotsAsAskedNoWarning() {
        SlotLimits.Cap cap = SlotLimits.cap(100, ROOMY, SlotLimits.TASKS_PER_SLOT);

        assertThat(cap.slots()).isEqualTo(100);
        assertThat(cap.warning()).isEmpty();
    }

    @Test
    void cap_processesBind_threeQuartersOfTheRoomPerTwoTasks_warningNamesTheLimit() {
        var room = new SlotLimits.Room(1_000, "the pids.max of cgroup /x (1000, 0 in use)", 20_000, "ulimit -n");

        SlotLimits.Cap cap = SlotLimits.cap(1_000_000, room, SlotLimits.TASKS_PER_SLOT);

        assertThat(cap.slots()).isEqualTo(375);
        assertThat(cap.warning().getFirst())
                .isEqualTo("spool: Warning: Only enough available processes to run 375 jobs in parallel.");
        assertThat(String.join("\n", cap.warning())).contains("the pids.max of cgroup /x");
    }

    @Test
    void cap_lineBuffer_fourTasksPerSlot() {
        var room = new SlotLimits.Room(1_000, "pid_max", 20_000, "ulimit -n");

        assertThat(SlotLimits.cap(1_000_000, room, SlotLimits.LINE_BUFFER_TASKS_PER_SLOT).slots()).isEqualTo(187);
    }

    @Test
    void cap_filesBind_fourPerSlot_warningLikeGnuParallel() {
        var room = new SlotLimits.Room(30_000, "pid_max", 246, "'ulimit -n' (RLIMIT_NOFILE 256, 10 open)");

        SlotLimits.Cap cap = SlotLimits.cap(500, room, SlotLimits.TASKS_PER_SLOT);

        assertThat(cap.slots()).isEqualTo(61);
        assertThat(cap.warning()).contains("spool: Warning: Only enough file handles to run 61 jobs in parallel.",
                "spool: Warning: Try increasing 'ulimit -n' (try: ulimit -n `ulimit -Hn`)");
    }

    @Test
    void cap_noRoomAtAll_stillOneSlot() {
        var room = new SlotLimits.Room(0, "pid_max", 0, "ulimit -n");

        assertThat(SlotLimits.cap(8, room, SlotLimits.TASKS_PER_SLOT).slots()).isEqualTo(1);
    }

    @Test
    void cap_noLimitsFound_slotsAsAsked() {
        assertThat(SlotLimits.cap(1_000_000, SlotLimits.Room.UNLIMITED, 2).slots()).isEqualTo(1_000_000);
    }

    @Test
    void cap_nonPositiveSlots_rejected() {
        assertThatThrownBy(() -> SlotLimits.cap(0, ROOMY, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wanted 0");
    }

    @Test
    void probe_here_findsSomeRoomUnderEachLimit() {
        SlotLimits.Room room = SlotLimits.probe();

        assertThat(room.tasks()).isPositive();
        assertThat(room.files()).isPositive();
    }
}
