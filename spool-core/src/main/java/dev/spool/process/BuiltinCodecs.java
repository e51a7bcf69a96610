package dev.spool.process;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The codecs every pool of process workers has, at fixed places at the start of its codec table. */
final class BuiltinCodecs {

    private BuiltinCodecs() {}

    static final List<Codec<?>> ALL = List.of(
            new StringCodec(), new BytesCodec(), new IntegerCodec(), new LongCodec(), new DoubleCodec(),
            new FloatCodec(), new ShortCodec(), new ByteCodec(), new CharacterCodec(), new BooleanCodec());

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

    static final class IntegerCodec implements Codec<Integer> {
        @Override public Class<Integer> type() { return Integer.class; }
        @Override public byte[] encode(Integer value) { return ByteBuffer.allocate(4).putInt(value).array(); }
        @Override public Integer decode(byte[] bytes) { return ByteBuffer.wrap(bytes).getInt(); }
    }

    static final class LongCodec implements Codec<Long> {
        @Override public Class<Long> type() { return Long.class; }
        @Override public byte[] encode(Long value) { return ByteBuffer.allocate(8).putLong(value).array(); }
        @Override public Long decode(byte[] bytes) { return ByteBuffer.wrap(bytes).getLong(); }
    }

    static final class DoubleCodec implements Codec<Double> {
        @Override public Class<Double> type() { return Double.class; }
        @Override public byte[] encode(Double value) { return ByteBuffer.allocate(8).putDouble(value).array(); }
        @Override public Double decode(byte[] bytes) { return ByteBuffer.wrap(bytes).getDouble(); }
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
