package dev.spool.process;

/**
 * Turns values of one type into bytes and back, so that they can cross the boundary between a pool and its
 * {@linkplain dev.spool.pool.WorkerKind#PROCESS process workers}. Inputs travel from the pool to a child,
 * results back.
 *
 * <p>Built in, and always present: {@code String}, {@code byte[]}, the boxed primitives ({@code Integer},
 * {@code Long}, {@code Double}, {@code Float}, {@code Short}, {@code Byte}, {@code Character}, {@code
 * Boolean}) and {@code null}. Add codecs for other types with {@link dev.spool.pool.PoolBuilder#codec
 * PoolBuilder.codec}; the optional module {@code spool-json} has one for records and plain objects.
 *
 * <p>A value is encoded by the first codec, built-ins first, then added codecs in the order added, whose
 * {@link #type()} it is an instance of. A child JVM makes its own instance of each codec through the
 * codec's public no-argument constructor, so a codec must be a public class with one, and must behave the
 * same in every JVM (configure it in that constructor). Implementations must be thread-safe.
 *
 * @param <T> the type of the values
 */
public interface Codec<T> {

    /** The values this codec encodes: instances of this class or of its subclasses. */
    Class<T> type();

    /**
     * The bytes of {@code value}, never null.
     *
     * @throws Exception if {@code value} cannot be encoded; the task fails with this error
     */
    byte[] encode(T value) throws Exception;

    /**
     * The value of {@code bytes}, as made by {@link #encode} of the same codec in another JVM.
     *
     * @throws Exception if {@code bytes} cannot be decoded; the task fails with this error
     */
    T decode(byte[] bytes) throws Exception;
}
