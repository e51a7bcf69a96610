package dev.spool.cli.job;

import java.util.regex.Pattern;

/**
 * What a replacement string inserts, computed from one value exactly as GNU parallel's Perl does (on bytes,
 * with {@code .} not matching a newline). Paths are not normalised: {@code {.}} of {@code .hidden} is empty.
 */
public enum ReplacementKind {
    /** {@code {}}: the value. */
    VALUE,
    /** {@code {.}}: without its extension, {@code s:\.[^/.]*$::}. */
    NO_EXTENSION,
    /** {@code {/}}: the basename: everything up to the last slash removed (within the first line). */
    BASENAME,
    /** {@code {//}}: Perl's {@code File::Basename::dirname} ({@code .} for a bare name). */
    DIRNAME,
    /** {@code {/.}}: basename without extension. */
    BASENAME_NO_EXTENSION,
    /** {@code {#}}: the job's sequence number; ignores the value. */
    SEQ,
    /** {@code {%}}: the job slot; ignores the value. */
    SLOT;

    private static final Pattern EXTENSION = Pattern.compile("\\.[^/.]*$", Pattern.UNIX_LINES);
    private static final Pattern DIRECTORY = Pattern.compile(".*/", Pattern.UNIX_LINES);
    private static final Pattern FILEPARSE = Pattern.compile("^(.*/)?(.*)", Pattern.DOTALL);

    /** What this replacement string inserts for {@code value} in job {@code seq} running in {@code slot}. */
    public String apply(String value, long seq, int slot) {
        return switch (this) {
            case VALUE -> value;
            case NO_EXTENSION -> EXTENSION.matcher(value).replaceFirst("");
            case BASENAME -> DIRECTORY.matcher(value).replaceFirst("");
            case DIRNAME -> dirname(value);
            case BASENAME_NO_EXTENSION ->
                    EXTENSION.matcher(DIRECTORY.matcher(value).replaceFirst("")).replaceFirst("");
            case SEQ -> Long.toString(seq);
            case SLOT -> Integer.toString(slot);
        };
    }

    /** Perl's {@code File::Basename::dirname} on Unix, step by step. */
    static String dirname(String path) {
        String[] parsed = fileparse(path);
        String dir = stripTrailingSlashes(parsed[0]);
        if (parsed[1].isEmpty()) {
            dir = stripTrailingSlashes(fileparse(dir)[0]);
        }
        return dir;
    }

    /** {@code (dirpath, basename)}; dirpath keeps its trailing slash and defaults to {@code ./}. */
    private static String[] fileparse(String path) {
        var m = FILEPARSE.matcher(path);
        if (!m.find()) {
            throw new IllegalStateException("fileparse pattern always matches: " + path);
        }
        String dir = m.group(1) == null || m.group(1).isEmpty() ? "./" : m.group(1);
        return new String[] {dir, m.group(2)};
    }

    /** {@code s{(.)/*\z}{$1}s}: removes trailing slashes but keeps the first character. */
    private static String stripTrailingSlashes(String s) {
        int end = s.length();
        while (end > 1 && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(0, end);
    }
}
