package dev.spool.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spool.process.Codec;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Objects;

/**
 * A {@link Codec} for records and plain objects (getters and setters, or public fields): each value crosses
 * as its class name and its JSON, so one codec serves every type. Add it last, after any codec of your own:
 * it takes every type the built-in codecs do not.
 *
 * <pre>{@code
 * Pool pool = Pool.builder().kind(ProcessWorkers.childJvms().codec(new JsonCodec())).build();
 * pool.submit(new Geocode(), new Address("1 Main St", "Springfield"));   // record in, record out
 * }</pre>
 *
 * <p>The class must be on the class path of the children (it is: they share the pool's). Generic types are
 * erased: a {@code List<Point>} comes back as a list of maps; wrap it in a record ({@code record
 * Points(List<Point> points)}) and it comes back typed. To configure the mapper, subclass with a public
 * no-argument constructor that passes your mapper to {@link #JsonCodec(ObjectMapper)}: each child makes its
 * own instance of the codec's class.
 *
 * <p>Thread-safe.
 */
public class JsonCodec implements Codec<Object> {

    private final ObjectMapper mapper;

    /** A codec with a plain {@link ObjectMapper} that ignores unknown properties. */
    public JsonCodec() {
        this(new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));
    }

    /** A codec with {@code mapper}, for subclasses; see the class comment. */
    protected JsonCodec(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public Class<Object> type() {
        return Object.class;
    }

    /** The value's class name, then its JSON. */
    @Override
    public byte[] encode(Object value) throws IOException {
        var bytes = new ByteArrayOutputStream(64);
        var out = new DataOutputStream(bytes);
        out.writeUTF(value.getClass().getName());
        mapper.writeValue((java.io.OutputStream) out, value);
        return bytes.toByteArray();
    }

    @Override
    public Object decode(byte[] bytes) throws IOException, ClassNotFoundException {
        var in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        String className = in.readUTF();
        Class<?> type = Class.forName(className, false, loader());
        return mapper.readValue((java.io.InputStream) in, type);
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : JsonCodec.class.getClassLoader();
    }
}
