package dev.spool.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real job writes into an anonymous capture file; the parent reads, empties and reuses it. */
class OutputCaptureTest {

    @TempDir
    Path dir;

    @Test
    void capture_jobWrites_parentReadsExactlyThenReuses() throws Exception {
        try (OutputCapture capture = OutputCapture.create(dir)) {
            run(capture, "printf 'one\\ntwo'");
            assertThat(capture.size()).isEqualTo(7);
            assertThat(new String(capture.readAll())).isEqualTo("one\ntwo");

            capture.reset();
            assertThat(capture.size()).isZero();

            run(capture, "printf x");
            var out = new ByteArrayOutputStream();
            capture.transferTo(out);
            assertThat(out.toString()).isEqualTo("x");
        }
        try (var files = Files.list(dir)) {
            assertThat(files).as("an anonymous file leaves no name behind").isEmpty();
        }
    }

    @Test
    void capture_largeOutput_readWhole() throws Exception {
        try (OutputCapture capture = OutputCapture.create(dir)) {
            run(capture, "head -c 300000 /dev/zero");
            assertThat(capture.readAll()).hasSize(300_000);
        }
    }

    private static void run(OutputCapture capture, String script) throws Exception {
        LaunchedJob job = PosixSpawnLauncher.unguarded()
                .launch(JobSpec.builder("/bin/sh", "-c", script).stdout(capture.redirect()).build());
        assertThat(job.waitFor().code()).isZero();
    }
}
