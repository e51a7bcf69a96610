package dev.spool.cli.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The payload and result formats of command-line jobs in the table. */
class QueuedCommandTest {

    @Test
    void queuedCommand_roundTrip_keepsEveryByte() throws Exception {
        byte[] binary = {0, (byte) 0xff, '\n', '\'', (byte) 0xc3, (byte) 0xa9};
        var command = new QueuedCommand(7, List.of("printf".getBytes(), binary), false, "printf '\u00ff'", "t\u00e9",
                1500, "TERM,200,KILL,25", 3);
        QueuedCommand back = QueuedCommand.decode(command.encode());
        assertThat(back.seq()).isEqualTo(7);
        assertThat(back.argv()).hasSize(2);
        assertThat(back.argv().get(1)).isEqualTo(binary);
        assertThat(back.display()).isEqualTo(command.display());
        assertThat(back.tag()).isEqualTo("t\u00e9");
        assertThat(back.timeoutMillis()).isEqualTo(1500);
        assertThat(back.termSequence()).isEqualTo("TERM,200,KILL,25");
        assertThat(back.attempts()).isEqualTo(3);
    }

    @Test
    void commandResult_roundTrip_andItsSummary() throws Exception {
        var result = new CommandResult("host", 1.5, 0.25, 3, 0, false, 10, new byte[] {1, 2}, 0, new byte[0]);
        CommandResult back = CommandResult.decode(result.encode());
        assertThat(back.host()).isEqualTo("host");
        assertThat(back.exitValue()).isEqualTo(3);
        assertThat(back.stdoutSize()).isEqualTo(10);
        assertThat(back.stdout()).containsExactly(1, 2);
        assertThat(back.succeeded()).isFalse();
        assertThat(back.summary()).isEqualTo("exit 3");
        assertThat(new CommandResult("h", 0, 0, 0, 9, false, 0, new byte[0], 0, new byte[0]).summary())
                .isEqualTo("killed by signal 9");
    }

    @Test
    void decode_refusesBytesNotMadeBySpool() {
        assertThatThrownBy(() -> QueuedCommand.decode("hello".getBytes())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> QueuedCommand.decode(null)).hasMessageContaining("no payload");
        assertThatThrownBy(() -> CommandResult.decode(new byte[] {0, 0, 0, 1, 0})).isInstanceOf(IOException.class);
    }
}
