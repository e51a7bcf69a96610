package dev.spool.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Makes an error message fit for a terminal: one line, readable, bounded. The message is in the command's
 * ISO-8859-1-carried form (one char per byte, see {@link RawArgs}), since it quotes arguments as given:
 * bytes that form UTF-8 are shown as their characters, any other byte as {@code \xNN}, control characters
 * as {@code \n}, {@code \t}, {@code \r} or {@code \xNN}, so a value never breaks the line or the terminal.
 * A message longer than {@value #MAX_CHARS} characters keeps its start and its end, where the offending
 * value begins and what is wrong with it are said, and drops the middle, saying how much.
 */
public final class ErrorLine {

    /** The most characters of a message shown; more are left out of its middle. */
    public static final int MAX_CHARS = 300;

    private static final int KEEP_HEAD = 200;
    private static final int KEEP_TAIL = 80;

    private ErrorLine() {}

    /** {@code message} as one readable, bounded line (without a line terminator). */
    public static String of(String message) {
        return shorten(escape(message));
    }

    private static String escape(String message) {
        StringBuilder out = new StringBuilder(Math.min(message.length(), 4 * MAX_CHARS) + 16);
        for (int i = 0; i < message.length(); ) {
            char c = message.charAt(i);
            if (c >= 0x80 && c <= 0xFF) {
                int length = utf8Length(message, i);
                if (length > 0) {
                    String decoded = decode(message, i, length);
                    if (decoded != null) {
                        decoded.codePoints().forEach(cp -> appendCodePoint(out, cp));
                        i += length;
                        continue;
                    }
                }
                out.append(String.format("\\x%02x", (int) c));
                i++;
                continue;
            }
            int cp = message.codePointAt(i);
            appendCodePoint(out, cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static void appendCodePoint(StringBuilder out, int cp) {
        switch (cp) {
            case '\n' -> out.append("\\n");
            case '\t' -> out.append("\\t");
            case '\r' -> out.append("\\r");
            default -> {
                if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                    out.append(cp <= 0xFF ? String.format("\\x%02x", cp) : String.format("\\u%04x", cp));
                } else {
                    out.appendCodePoint(cp);
                }
            }
        }
    }

    /** The length of the UTF-8 sequence that the lead byte at {@code i} announces, or 0 if it is no lead byte. */
    private static int utf8Length(String s, int i) {
        char lead = s.charAt(i);
        int length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
        return i + length <= s.length() ? length : 0;
    }

    /** The characters of the bytes {@code s[i, i + length)} if they are valid UTF-8, else null. */
    private static String decode(String s, int i, int length) {
        byte[] bytes = new byte[length];
        for (int k = 0; k < length; k++) {
            char c = s.charAt(i + k);
            if (c > 0xFF) {
                return null;
            }
            bytes[k] = (byte) c;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String shorten(String line) {
        if (line.codePointCount(0, line.length()) <= MAX_CHARS) {
            return line;
        }
        int head = line.offsetByCodePoints(0, KEEP_HEAD);
        int tail = line.offsetByCodePoints(line.length(), -KEEP_TAIL);
        int left = line.codePointCount(head, tail);
        return line.substring(0, head) + "…[" + left + " characters left out]…" + line.substring(tail);
    }
}
