package dev.spool.launch;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Libc calls every function through one six-word downcall shape: int results must come back narrowed
 * (negative ones too), long results whole, errno captured, pointers passed as addresses.
 */
class LibcCallsTest {

    private static final int EBADF = 9;

    @Test
    void intResult_negative_narrowedAndErrnoCaptured() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = Libc.newCallState(arena);

            int r = Libc.close(callState, -1);

            assertThat(r).isEqualTo(-1);
            assertThat(Libc.errno(callState)).isEqualTo(EBADF);
            assertThat(Libc.describe(EBADF)).isEqualTo("Bad file descriptor (EBADF)");
        }
    }

    @Test
    void pipe_writeThenRead_bytesAndCountsRoundTrip() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = Libc.newCallState(arena);
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            assertThat(Libc.pipe2(callState, fds, Libc.O_CLOEXEC)).isZero();
            int readEnd = fds.getAtIndex(JAVA_INT, 0);
            int writeEnd = fds.getAtIndex(JAVA_INT, 1);
            byte[] text = "hello, pipe".getBytes(StandardCharsets.US_ASCII);
            MemorySegment out = arena.allocate(text.length);
            out.copyFrom(MemorySegment.ofArray(text));
            MemorySegment in = arena.allocate(64);

            long written = Libc.write(callState, writeEnd, out.asSlice(6), text.length - 6);
            long read = Libc.read(callState, readEnd, in, 64);

            assertThat(written).isEqualTo(text.length - 6);
            assertThat(read).isEqualTo(text.length - 6);
            assertThat(new String(in.asSlice(0, read).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    StandardCharsets.US_ASCII)).isEqualTo(" pipe");
            assertThat(Libc.close(callState, writeEnd)).isZero();
            assertThat(Libc.read(callState, readEnd, in, 64)).isZero(); // end of file
            assertThat(Libc.close(callState, readEnd)).isZero();
        }
    }

    @Test
    void lseek_onAPipe_minusOneAsALong() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = Libc.newCallState(arena);
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            assertThat(Libc.pipe2(callState, fds, Libc.O_CLOEXEC)).isZero();

            long at = Libc.lseek(callState, fds.getAtIndex(JAVA_INT, 0), 0, Libc.SEEK_SET);

            assertThat(at).isEqualTo(-1L);
            assertThat(Libc.errno(callState)).isEqualTo(29); // ESPIPE
            Libc.closeQuietly(fds.getAtIndex(JAVA_INT, 0), callState);
            Libc.closeQuietly(fds.getAtIndex(JAVA_INT, 1), callState);
        }
    }

    @Test
    void heapSegment_refusedRatherThanPassedAsAnAddress() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = Libc.newCallState(arena);
            MemorySegment heap = MemorySegment.ofArray(new byte[8]);

            assertThatThrownBy(() -> Libc.read(callState, 0, heap, 8))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("native memory");
        }
    }
}
