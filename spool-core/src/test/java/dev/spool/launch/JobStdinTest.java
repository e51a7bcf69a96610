package dev.spool.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.testing.TestTimeouts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's stdin as a channel: direct and heap buffers, file ranges by sendfile, a broken pipe; named pipes. */
class JobStdinTest {

    private final PosixSpawnLauncher launcher = PosixSpawnLauncher.unguarded();

    @TempDir
    Path dir;

    private LaunchedJob cat() throws LaunchException {
        return launcher.launch(JobSpec.builder("cat").stdin(Redirect.PIPE).stdout(Redirect.PIPE).build());
    }

    private static CompletableFuture<byte[]> drain(LaunchedJob job) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return job.stdout().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void write_directAndHeapBuffersThenFileRange_jobReadsThemInOrder() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "0123456789");
        LaunchedJob job = cat();
        CompletableFuture<byte[]> out = drain(job);
        ByteBuffer direct = ByteBuffer.allocateDirect(300_000);
        while (direct.hasRemaining()) {
            direct.put((byte) ('a' + direct.position() % 26));
        }
        direct.flip().position(1);
        JobStdin stdin = job.stdinChannel();

        assertThat(stdin.write(direct)).isEqualTo(299_999);
        assertThat(direct.hasRemaining()).isFalse();
        assertThat(stdin.write(ByteBuffer.wrap("|heap|".getBytes(StandardCharsets.US_ASCII)))).isEqualTo(6);
        assertThat(stdin.sendFile(file, 3, 4)).isEqualTo(4);
        assertThat(stdin.sendFile(file, 8, 100)).as("the file ends first").isEqualTo(2);
        stdin.close();

        byte[] bytes = out.get();
        assertThat(job.waitFor(TestTimeouts.SHORT)).contains(new ExitStatus.Exited(0));
        assertThat(bytes).hasSize(299_999 + 6 + 4 + 2);
        assertThat(bytes[0]).isEqualTo((byte) 'b');
        assertThat(new String(bytes, 299_999, 12, StandardCharsets.US_ASCII)).isEqualTo("|heap|345689");
        assertThat(stdin.isOpen()).isFalse();
    }

    @Test
    void write_jobExitedWithoutReading_ioExceptionNotSigpipe() throws Exception {
        LaunchedJob job = launcher.launch(JobSpec.builder("true").stdin(Redirect.PIPE).build());
        job.waitFor();
        JobStdin stdin = job.stdinChannel();

        assertThatThrownBy(() -> stdin.write(ByteBuffer.allocateDirect(1 << 20)))
                .isInstanceOf(IOException.class).hasMessageContaining("EPIPE");
        assertThatThrownBy(() -> stdin.sendFile(Files.writeString(dir.resolve("g"), "x"), 0, 1))
                .isInstanceOf(IOException.class).hasMessageContaining("EPIPE");
        stdin.close();
    }

    @Test
    void sendFile_missingFile_namesIt() throws Exception {
        LaunchedJob job = cat();
        try (JobStdin stdin = job.stdinChannel()) {
            assertThatThrownBy(() -> stdin.sendFile(dir.resolve("missing"), 0, 1))
                    .isInstanceOf(IOException.class).hasMessageContaining("missing").hasMessageContaining("ENOENT");
        }
        job.waitFor();
    }

    @Test
    void namedPipe_created_isAFifoAndNotMadeTwice() throws Exception {
        Path fifo = dir.resolve("fifo");

        NamedPipes.create(fifo);

        assertThat(Files.isRegularFile(fifo)).isFalse();
        assertThat(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class).isOther()).isTrue();
        assertThatThrownBy(() -> NamedPipes.create(fifo)).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }
}
