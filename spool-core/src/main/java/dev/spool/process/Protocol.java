package dev.spool.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The framed protocol between a pool and a child JVM over the child's stdin and stdout.
 *
 * <pre>
 * child -> pool, once:  the 8-byte preamble "SPOOL/1\n", then HELLO(pid) or START_FAILED(error)
 * every frame:          int length, then length bytes: a type byte and the fields below
 *
 * pool -> child   RUN           long seq, int attempt, utf taskClass, value input
 *                 RUN_AHEAD     as RUN, sent while earlier ones run; NOT_RUN if the stop came first
 *                 BATCH         utf taskClass, int n, n x (long seq, int attempt, value input)
 *                 STOP          utf reason                  (the pool's stop token was requested)
 *                 end of stdin  exit now
 * child -> pool   HELLO         long pid
 *                 START_FAILED  error
 *                 RESULT        long seq, byte status, value result | error | nothing
 *                 BATCH_RESULT  int n, n x (byte status, value result | error | nothing)
 * </pre>
 *
 * A value is written by {@link CodecTable}, an error by {@link ErrorTransfer}; status is VALUE, ERROR or
 * NOT_RUN. Frames are sent whole with one write and flush.
 */
final class Protocol {

    private Protocol() {}

    static final byte[] PREAMBLE = "SPOOL/1\n".getBytes(StandardCharsets.US_ASCII);
    static final int MAX_FRAME = 1 << 30;

    static final byte RUN = 1;
    static final byte BATCH = 2;
    static final byte STOP = 3;
    static final byte RUN_AHEAD = 4;
    static final byte HELLO = 10;
    static final byte START_FAILED = 11;
    static final byte RESULT = 12;
    static final byte BATCH_RESULT = 13;

    static final byte VALUE = 0;
    static final byte ERROR = 1;
    static final byte NOT_RUN = 2;

    /** Writes a frame's fields. */
    @FunctionalInterface
    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /**
     * Sends whole frames; thread-safe (one frame at a time). A frame is built in memory, then written with
     * one write and flush: {@link #send} does both; {@link #build} and {@link #sendBuilt} split them for a
     * caller that wants to retry a build that failed, with a buffer of their own so that a {@code send} from
     * another thread in between (the pool's stop relay) cannot spoil the built frame.
     */
    static final class FrameWriter {

        private final OutputStream out;
        // Guarded by this.
        private final Buffer sendBuffer = new Buffer();
        private final Buffer builtBuffer = new Buffer();
        private boolean built;

        FrameWriter(OutputStream out) {
            this.out = out;
        }

        /** Sends the preamble. */
        synchronized void preamble() throws IOException {
            out.write(PREAMBLE);
            out.flush();
        }

        /**
         * Builds a frame with {@code body} and sends it. If {@code body} throws, nothing is sent.
         *
         * @throws IOException if the stream is closed (the other side is gone)
         */
        synchronized void send(byte type, Body body) throws IOException {
            sendBuffer.frame(type, body);
            sendBuffer.sendTo(out);
            out.flush();
        }

        /** Builds a frame for {@link #sendBuilt}; if {@code body} throws, there is none. */
        synchronized void build(byte type, Body body) throws IOException {
            built = false;
            builtBuffer.frame(type, body);
            built = true;
        }

        /** Sends the frame {@link #build} made. */
        synchronized void sendBuilt() throws IOException {
            if (!built) {
                throw new IllegalStateException("no frame built");
            }
            built = false;
            builtBuffer.sendTo(out);
            out.flush();
        }
    }

    /** Reads whole frames; used by one thread at a time. */
    static final class FrameReader {

        private final DataInputStream in;

        FrameReader(InputStream in) {
            this.in = new DataInputStream(in);
        }

        /**
         * Reads the preamble.
         *
         * @throws EOFException if the stream ends first
         * @throws IOException if other bytes come first; the message quotes them
         */
        void preamble() throws IOException {
            byte[] got = new byte[PREAMBLE.length];
            in.readFully(got);
            if (!Arrays.equals(got, PREAMBLE)) {
                byte[] more = new byte[Math.min(200, in.available())];
                int n = in.read(more);
                String text = new String(got, StandardCharsets.UTF_8)
                        + (n > 0 ? new String(more, 0, n, StandardCharsets.UTF_8) : "");
                throw new IOException("the child wrote to its stdout before the handshake: '" + text.strip() + "'");
            }
        }

        /**
         * The next frame: its type byte is {@code readByte()} of the stream returned.
         *
         * @throws EOFException if the stream ends before a whole frame
         */
        DataInputStream next() throws IOException {
            int length = in.readInt();
            if (length < 1 || length > MAX_FRAME) {
                throw new IOException("protocol error: frame length " + length);
            }
            byte[] frame = new byte[length];
            in.readFully(frame);
            return new DataInputStream(new ByteArrayInputStream(frame));
        }
    }

    /** Writes strings of any length (writeUTF stops at 64 KiB). */
    static void writeText(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A byte buffer for one frame: patches the frame's length into its first four bytes and writes itself. */
    private static final class Buffer extends ByteArrayOutputStream {
        private final DataOutputStream data = new DataOutputStream(this);

        Buffer() {
            super(256);
        }

        void frame(byte type, Body body) throws IOException {
            reset();
            data.writeInt(0);
            data.writeByte(type);
            body.write(data);
        }

        void sendTo(OutputStream out) throws IOException {
            int length = count - 4;
            buf[0] = (byte) (length >>> 24);
            buf[1] = (byte) (length >>> 16);
            buf[2] = (byte) (length >>> 8);
            buf[3] = (byte) length;
            out.write(buf, 0, count);
        }
    }
}
