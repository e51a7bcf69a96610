package dev.spool.launch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The one policy for what a block of native calls throws. */
class LibcRethrowTest {

    @Test
    void allowedChecked_uncheckedAndErrors_rethrownAsTheyAre() {
        IOException io = new IOException("disk full");
        IllegalStateException state = new IllegalStateException("bad state");
        StackOverflowError error = new StackOverflowError();

        assertThatThrownBy(() -> Libc.rethrow(io, IOException.class)).isSameAs(io);
        assertThatThrownBy(() -> Libc.rethrow(state, IOException.class)).isSameAs(state);
        assertThatThrownBy(() -> Libc.rethrow(error, IOException.class)).isSameAs(error);
        assertThatThrownBy(() -> Libc.unchecked(state)).isSameAs(state);
    }

    @Test
    void anyOtherChecked_isALinkingBug_anAssertionErrorWithTheCause() {
        Exception other = new Exception("from nowhere");

        assertThatThrownBy(() -> Libc.rethrow(other, IOException.class)).isInstanceOf(AssertionError.class)
                .hasCause(other).hasMessageContaining("from nowhere");
        assertThatThrownBy(() -> Libc.unchecked(new IOException("not allowed here")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("not allowed here");
    }
}
