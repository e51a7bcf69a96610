package dev.spool.cli.run;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Prints grouped job output: a job's whole stdout to spool's stdout, then its whole stderr to spool's
 * stderr, byte for byte, with {@code --tag} prefixes if asked. Used only by the runner's caller thread.
 *
 * <p>Memory: output is copied from where it waits (memory or its capture file) through a 64 KiB buffer per
 * stream, prefixed on the way; nothing here holds a job's whole output, however large.
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

    /** Prints text (ISO-8859-1 carried) on stdout, as it is. */
    void text(String text) throws IOException {
        stdout.write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Prints a finished job's captured output and releases it. */
    void print(JobResult result) throws IOException {
        String prefix = tag ? result.tag() + "\t" : null;
        copy(result.stdout(), stdout, prefix);
        stdout.flush();
        copy(result.stderr(), stderr, prefix);
        stderr.flush();
    }

    /** Prints only a finished job's captured stderr ({@code --files}: its stdout went to a file). */
    void printStderr(JobResult result) throws IOException {
        stdout.flush();
        copy(result.stderr(), stderr, tag ? result.tag() + "\t" : null);
        stderr.flush();
    }

    void flush() throws IOException {
        stdout.flush();
        stderr.flush();
    }

    /** Copies one stream's output in bounded chunks, each line prefixed if {@code prefix} is not null. */
    private static void copy(CapturedOutput output, OutputStream to, String prefix) throws IOException {
        if (output.size() == 0) {
            return;
        }
        if (prefix == null) {
            output.writeTo(to);
            return;
        }
        try (var tagged = new LinePrefixingOutputStream(to, prefix.getBytes(StandardCharsets.ISO_8859_1))) {
            output.writeTo(tagged);
        }
    }
}
