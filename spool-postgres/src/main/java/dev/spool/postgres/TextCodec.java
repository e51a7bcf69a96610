package dev.spool.postgres;

import dev.spool.process.Codec;
import java.nio.charset.StandardCharsets;

/** Strings as UTF-8: the payload of {@link NewJob#payload(String)}. Thread-safe. */
public final class TextCodec implements Codec<String> {

    @Override
    public Class<String> type() {
        return String.class;
    }

    @Override
    public byte[] encode(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
