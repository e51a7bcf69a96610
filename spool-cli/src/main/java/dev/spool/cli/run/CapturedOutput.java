package dev.spool.cli.run;

import dev.spool.launch.OutputCapture;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One stream of a finished job's output, waiting to be printed: in memory when small (the common case),
 * or still in its anonymous temporary file when large (spilled).
 *
 * @param bytes the output, or null when spilled
 * @param spilled the file holding it, or null when in memory
 * @param size the number of bytes
 */
record CapturedOutput(byte[] bytes, OutputCapture spilled, long size) {

    static final CapturedOutput NONE = new CapturedOutput(new byte[0], null, 0);

    /** Writes the output to {@code out}, in chunks; {@link #release()} frees what holds it. */
    void writeTo(OutputStream out) throws IOException {
        if (spilled != null) {
            spilled.transferTo(out);
        } else if (bytes.length > 0) {
            out.write(bytes);
        }
    }

    /** Releases what holds the output without printing it. */
    void release() {
        if (spilled != null) {
            spilled.close();
        }
    }
}
