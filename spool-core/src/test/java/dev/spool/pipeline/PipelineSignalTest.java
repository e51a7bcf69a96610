package dev.spool.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.testing.ChildJvm;
import dev.spool.testing.TestTimeouts;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** SIGINT reaches every stage of a pipeline: the stop tokens, the buffers; every item read ends once. */
class PipelineSignalTest {

    @Test
    void sigint_pipelineOnEndlessSource_stopsEveryStageAndEveryItemEndsOnce() throws Exception {
        try (ChildJvm child = ChildJvm.start(PipelineJvmMain.class)) {
            child.expectLine("ready");
            child.signal("INT");
            child.expectLine("signal INT 1");

            String summary = child.expectLine("items read \\d+, outcomes \\d+, .*");
            Matcher m = Pattern.compile("items read (\\d+), outcomes (\\d+), distinct items (\\d+), succeeded (\\d+),"
                    + " terminated (\\w+)").matcher(summary);
            assertThat(m.matches()).as(summary).isTrue();
            assertThat(m.group(2)).as("one outcome per item read: " + summary).isEqualTo(m.group(1));
            assertThat(m.group(3)).as(summary).isEqualTo(m.group(1));
            assertThat(Long.parseLong(m.group(4))).as("the running tasks saw their stop token: " + summary)
                    .isEqualTo(3);
            assertThat(m.group(5)).isEqualTo("true");
            assertThat(child.exitCode(TestTimeouts.LONG)).isZero();
        }
    }
}
