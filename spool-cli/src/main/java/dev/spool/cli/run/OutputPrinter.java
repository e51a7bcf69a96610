package dev.spool.cli.run;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Prints grouped job output: a job's whole stdout to spool's stdout, then its whole stderr to spool's
 * stderr, byte for byte, with {@code --tag} prefixes if asked. Used only by the runner's caller thread.
 */
final class OutputPrinter {

    private final boolean tag;
    private final OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    private final OutputStream stderr = new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), 1 << 16);

    OutputPrinter(boolean tag) {
        this.tag = tag;
    }

    /** Prints a line of text (ISO-8859-1 carried) on stdout. */
    void line(String text) throws IOException {
        stdout.write(text.getBytes(StandardCharsets.ISO_8859_1));
        stdout.write('\n');
    }

    /** Prints a finished job's captured output and releases it. */
    void print(JobResult result) throws IOException {
        String prefix = tag ? result.tag() + "\t" : null;
        copy(result.stdout(), stdout, prefix);
        stdout.flush();
        copy(result.stderr(), stderr, prefix);
        stderr.flush();
    }

    void flush() throws IOException {
        stdout.flush();
        stderr.flush();
    }

    private static void copy(CapturedOutput output, OutputStream to, String prefix) throws IOException {
        if (output.size() == 0) {
            output.release();
            return;
        }
        if (prefix == null) {
            output.writeTo(to);
            return;
        }
        var bytes = new java.io.ByteArrayOutputStream((int) Math.min(output.size(), 1 << 20));
        output.writeTo(bytes);
        copyTagged(new java.io.ByteArrayInputStream(bytes.toByteArray()), to,
                prefix.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Copies lines, each prefixed; a last line without a newline is prefixed too. */
    private static void copyTagged(InputStream in, OutputStream to, byte[] prefix) throws IOException {
        byte[] buffer = new byte[1 << 16];
        boolean atLineStart = true;
        int n;
        while ((n = in.read(buffer)) > 0) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (atLineStart) {
                    to.write(prefix);
                    atLineStart = false;
                }
                if (buffer[i] == '\n') {
                    to.write(buffer, from, i + 1 - from);
                    from = i + 1;
                    atLineStart = true;
                }
            }
            if (from < n) {
                to.write(buffer, from, n - from);
            }
        }
    }
}
