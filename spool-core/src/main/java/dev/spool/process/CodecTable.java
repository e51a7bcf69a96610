package dev.spool.process;

import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The codecs of one pool of process workers, the same list in the pool and in each child: the built-ins,
 * then the pool's own. A value crosses as the index of its codec (-1 for null), its length, its bytes.
 */
final class CodecTable {

    /*
     * Implementation notes. The lookup by class is cached; a class no codec takes is cached as NONE.
     * Thread-safe: the list is immutable and the cache is concurrent. `what` names the value for error
     * messages and is only called on an error, so the hot path builds no strings.
     */

    private static final int NULL = -1;
    private static final int NONE = -2;

    private final List<Codec<?>> codecs;
    private final ConcurrentHashMap<Class<?>, Integer> byClass = new ConcurrentHashMap<>();

    CodecTable(List<? extends Codec<?>> userCodecs) {
        List<Codec<?>> all = new ArrayList<>(BuiltinCodecs.ALL);
        all.addAll(userCodecs);
        this.codecs = List.copyOf(all);
    }

    /** The class names of the pool's own codecs, for the child's command line. */
    static List<String> classNames(List<? extends Codec<?>> userCodecs) {
        return userCodecs.stream().map(codec -> codec.getClass().getName()).toList();
    }

    /**
     * Checks that some codec takes {@code value}'s type.
     *
     * @throws UnencodableValueException if none does
     */
    void requireCodec(Object value, Supplier<String> what) {
        if (value != null) {
            index(value, what);
        }
    }

    /**
     * Writes {@code value}: its codec's index, length and bytes. A codec that fails may leave part of the
     * value written: build frames in memory and drop them on this error.
     *
     * @throws UnencodableValueException if no codec takes the value's type, or its codec fails
     */
    void write(DataOutput out, Object value, Supplier<String> what) throws IOException {
        if (value == null) {
            out.writeShort(NULL);
            return;
        }
        int index = index(value, what);
        Codec<?> codec = codecs.get(index);
        out.writeShort(index);
        if (codec instanceof BuiltinCodecs.Direct direct) {
            direct.write(out, value);
            return;
        }
        byte[] bytes;
        try {
            bytes = encode(codec, value);
        } catch (Exception e) {
            throw new UnencodableValueException("cannot encode the " + what.get() + " of type "
                    + value.getClass().getName() + " with " + codec.getClass().getName() + ": " + e, e);
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** {@link #write} into a new array, to be copied into a frame later. */
    byte[] encoded(Object value, Supplier<String> what) {
        var bytes = new ByteArrayOutputStream(16);
        try {
            write(new DataOutputStream(bytes), value, what);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a value written by {@link #write}. The stream is past the value even when decoding fails.
     *
     * @throws IOException if the stream ends or names no codec
     * @throws UnencodableValueException if the codec cannot decode the bytes
     */
    Object read(DataInput in, Supplier<String> what) throws IOException {
        int index = in.readShort();
        if (index == NULL) {
            return null;
        }
        if (index < 0 || index >= codecs.size()) {
            throw new IOException("protocol error: codec " + index + " of " + codecs.size());
        }
        int length = in.readInt();
        Codec<?> codec = codecs.get(index);
        if (codec instanceof BuiltinCodecs.Direct direct) {
            return direct.read(in, length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        try {
            return codec.decode(bytes);
        } catch (Exception e) {
            throw new UnencodableValueException("cannot decode the " + what.get() + " with "
                    + codec.getClass().getName() + ": " + e, e);
        }
    }

    private int index(Object value, Supplier<String> what) {
        int index = byClass.computeIfAbsent(value.getClass(), this::find);
        if (index == NONE) {
            throw new UnencodableValueException("cannot send the " + what.get() + " of type "
                    + value.getClass().getName() + " to or from a process worker: no codec for it (built in:"
                    + " String, byte[], boxed primitives, null; add one with PoolBuilder.codec, e.g."
                    + " dev.spool.json.JsonCodec from spool-json)");
        }
        return index;
    }

    private int find(Class<?> type) {
        for (int i = 0; i < codecs.size(); i++) {
            if (codecs.get(i).type().isAssignableFrom(type)) {
                return i;
            }
        }
        return NONE;
    }

    @SuppressWarnings("unchecked")
    private static <T> byte[] encode(Codec<T> codec, Object value) throws Exception {
        byte[] bytes = codec.encode((T) value);
        if (bytes == null) {
            throw new IllegalStateException("the codec returned null");
        }
        return bytes;
    }
}
