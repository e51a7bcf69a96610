package dev.spool.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Starts children with {@link ProcessBuilder}. They stay in the parent's process group, so signals go to
 * each child by its pid ({@link Process#destroy()} is SIGTERM, {@link Process#destroyForcibly()} SIGKILL).
 */
final class ProcessBuilderLauncher implements ChildLauncher {

    @Override
    public Child launch(List<String> command) throws IOException {
        return new ProcessChild(new ProcessBuilder(command).start());
    }

    private record ProcessChild(Process process) implements Child {
        @Override public long pid() { return process.pid(); }
        @Override public OutputStream stdin() { return process.getOutputStream(); }
        @Override public InputStream stdout() { return process.getInputStream(); }
        @Override public InputStream stderr() { return process.getErrorStream(); }
        @Override public void terminate() { process.destroy(); }
        @Override public void kill() { process.destroyForcibly(); }
        @Override public boolean isAlive() { return process.isAlive(); }

        @Override
        public boolean waitFor(Duration timeout) throws InterruptedException {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public OptionalInt exitStatus() {
            return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
        }
    }
}
