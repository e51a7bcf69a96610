package dev.spool.process;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The codecs every pool of process workers has, at fixed places at the start of its codec table. Besides
 * the {@link Codec} contract they write to and read from the frame directly ({@link Direct}), which spares an
 * array per value on the hot path of tiny tasks.
 */
final class BuiltinCodecs {

    private BuiltinCodecs() {}

    static final List<Codec<?>> ALL = List.of(
            new StringCodec(), new BytesCodec(), new IntegerCodec(), new LongCodec(), new DoubleCodec(),
            new FloatCodec(), new ShortCodec(), new ByteCodec(), new CharacterCodec(), new BooleanCodec());

    /** A codec that writes its value's length and bytes straight into a frame, as {@link CodecTable} expects. */
    interface Direct {
        void write(DataOutput out, Object value) throws IOException;

        Object read(DataInput in, int length) throws IOException;
    }

    static final class StringCodec implements Codec<String> {
        @Override public Class<String> type() { return String.class; }
        @Override public byte[] encode(String value) { return value.getBytes(StandardCharsets.UTF_8); }
        @Override public String decode(byte[] bytes) { return new String(bytes, StandardCharsets.UTF_8); }
    }

    static final class BytesCodec implements Codec<byte[]> {
        @Override public Class<byte[]> type() { return byte[].class; }
        @Override public byte[] encode(byte[] value) { return value; }
        @Override public byte[] decode(byte[] bytes) { return bytes; }
    }

    static final class IntegerCodec implements Codec<Integer>, Direct {
        @Override public Class<Integer> type() { return Integer.class; }
        @Override public byte[] encode(Integer value) { return ByteBuffer.allocate(4).putInt(value).array(); }
        @Override public Integer decode(byte[] bytes) { return ByteBuffer.wrap(bytes).getInt(); }

        @Override
        public void write(DataOutput out, Object value) throws IOException {
            out.writeInt(4);
            out.writeInt((Integer) value);
        }

        @Override
        public Object read(DataInput in, int length) throws IOException {
            return in.readInt();
        }
    }

    static final class LongCodec implements Codec<Long>, Direct {
        @Override public Class<Long> type() { return Long.class; }
        @Override public byte[] encode(Long value) { return ByteBuffer.allocate(8).putLong(value).array(); }
        @Override public Long decode(byte[] bytes) { return ByteBuffer.wrap(bytes).getLong(); }

        @Override
        public void write(DataOutput out, Object value) throws IOException {
            out.writeInt(8);
            out.writeLong((Long) value);
        }

        @Override
        public Object read(DataInput in, int length) throws IOException {
            return in.readLong();
        }
    }

    static final class DoubleCodec implements Codec<Double>, Direct {
        @Override public Class<Double> type() { return Double.class; }
        @Override public byte[] encode(Double value) { return ByteBuffer.allocate(8).putDouble(value).array(); }
        @Override public Double decode(byte[] bytes) { return ByteBuffer.wrap(bytes).getDouble(); }

        @Override
        public void write(DataOutput out, Object value) throws IOException {
            out.writeInt(8);
            out.writeDouble((Double) value);
        }

        @Override
        public Object read(DataInput in, int length) throws IOException {
            return in.readDouble();
        }
    }

    static final class FloatCodec implements Codec<Float> {
        @Override public Class<Float> type() { return Float.class; }
        @Override public byte[] encode(Float value) { return ByteBuffer.allocate(4).putFloat(value).array(); }
        @Override public Float decode(byte[] bytes) { return ByteBuffer.wrap(bytes).getFloat(); }
    }

    static final class ShortCodec implements Codec<Short> {
        @Override public Class<Short> type() { return Short.class; }
        @Override public byte[] encode(Short value) { return ByteBuffer.allocate(2).putShort(value).array(); }
        @Override public Short decode(byte[] bytes) { return ByteBuffer.wrap(bytes).getShort(); }
    }

    static final class ByteCodec implements Codec<Byte> {
        @Override public Class<Byte> type() { return Byte.class; }
        @Override public byte[] encode(Byte value) { return new byte[] {value}; }
        @Override public Byte decode(byte[] bytes) { return bytes[0]; }
    }

    static final class CharacterCodec implements Codec<Character> {
        @Override public Class<Character> type() { return Character.class; }
        @Override public byte[] encode(Character value) { return ByteBuffer.allocate(2).putChar(value).array(); }
        @Override public Character decode(byte[] bytes) { return ByteBuffer.wrap(bytes).getChar(); }
    }

    static final class BooleanCodec implements Codec<Boolean> {
        @Override public Class<Boolean> type() { return Boolean.class; }
        @Override public byte[] encode(Boolean value) { return new byte[] {(byte) (value ? 1 : 0)}; }
        @Override public Boolean decode(byte[] bytes) { return bytes[0] != 0; }
    }
}
