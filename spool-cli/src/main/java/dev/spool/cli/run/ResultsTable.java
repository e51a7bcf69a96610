package dev.spool.cli.run;

import dev.spool.cli.job.JobArgs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code --results NAME.csv}, {@code .tsv} or {@code .json}: one record per finished job, in GNU parallel's
 * format, in one file ({@code -.csv}, {@code -.tsv}, {@code -.json}: on stdout). The columns are the joblog's
 * (Seq, Host, Starttime, JobRuntime, Send, Receive, Exitval, Signal, Command), the job's values (V1..Vn; a
 * JSON array V) and its whole stdout and stderr. Used only by the runner's caller thread.
 *
 * <p>CSV and TSV quote a field as GNU parallel does: in double quotes, doubled inside, when it holds a
 * double quote, white space, the separator or NUL; the header names V1..Vn from the first job's values.
 * JSON escapes backslash, double quote and the control characters below 32 ({@code \}{@code u00XX}); other
 * bytes are written as they are. A job's output is read into memory to be written as a field.
 */
final class ResultsTable implements AutoCloseable {

    private final OutputStream out;
    private final ResultsTarget.Format format;
    private boolean headerWritten;

    private final boolean closeAtEnd;

    /** A table written to {@code out}, closed at the end if {@code closeAtEnd} (a file, not stdout). */
    ResultsTable(OutputStream out, ResultsTarget.Format format, boolean closeAtEnd) {
        this.out = out;
        this.closeAtEnd = closeAtEnd;
        this.format = format;
    }

    /** Writes one finished job's record; {@code received} is the joblog's Receive column. */
    void write(JobResult result, long received) throws IOException {
        List<String> values = new ArrayList<>();
        JobArgs args = result.job().args();
        if (args != null) {
            args.values().stream().filter(v -> !JobArgs.isNoArg(v)).forEach(values::add);
        }
        String stdout = text(result.stdout());
        String stderr = text(result.stderr());
        String start = String.format(Locale.ROOT, "%.3f", result.startEpochSeconds());
        String runtime = String.format(Locale.ROOT, "%.3f", result.runtimeSeconds());
        StringBuilder line = new StringBuilder();
        if (format == ResultsTarget.Format.JSON) {
            line.append("{ \"Seq\": ").append(result.job().seq()).append(", \"Host\": \":\", \"Starttime\": ")
                    .append(start).append(", \"JobRuntime\": ").append(runtime).append(", \"Send\": 0, \"Receive\": ")
                    .append(received).append(", \"Exitval\": ").append(result.exitValue()).append(", \"Signal\": ")
                    .append(result.signal()).append(", \"Command\": \"").append(json(result.display()))
                    .append("\", \"V\": [ ");
            for (int i = 0; i < values.size(); i++) {
                line.append(i == 0 ? "" : ",").append('"').append(json(values.get(i))).append('"');
            }
            line.append(" ], \"Stdout\": \"").append(json(stdout)).append("\", \"Stderr\": \"").append(json(stderr))
                    .append("\" }\n");
        } else {
            if (!headerWritten) {
                List<String> header = new ArrayList<>(List.of("Seq", "Host", "Starttime", "JobRuntime", "Send",
                        "Receive", "Exitval", "Signal", "Command"));
                for (int i = 1; i <= values.size(); i++) {
                    header.add("V" + i);
                }
                header.add("Stdout");
                header.add("Stderr");
                line.append(fields(header)).append('\n');
                headerWritten = true;
            }
            List<String> row = new ArrayList<>(List.of(Long.toString(result.job().seq()), ":", start, runtime, "0",
                    Long.toString(received), Integer.toString(result.exitValue()), Integer.toString(result.signal()),
                    result.display()));
            row.addAll(values);
            row.add(stdout);
            row.add(stderr);
            line.append(fields(row)).append('\n');
        }
        out.write(line.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closeAtEnd) {
            out.close();
        } else {
            out.flush();
        }
    }

    /** The fields joined by the separator, each quoted as GNU parallel's combine_ref quotes it. */
    private String fields(List<String> fields) {
        String separator = format == ResultsTarget.Format.TSV ? "\t" : ",";
        StringBuilder b = new StringBuilder();
        for (int f = 0; f < fields.size(); f++) {
            String field = fields.get(f);
            if (f > 0) {
                b.append(separator);
            }
            boolean quote = field.indexOf('"') >= 0 || field.indexOf('\0') >= 0 || field.contains(separator);
            for (int i = 0; !quote && i < field.length(); i++) {
                quote = isPerlSpace(field.charAt(i));
            }
            b.append(quote ? '"' + field.replace("\"", "\"\"") + '"' : field);
        }
        return b.toString();
    }

    private static boolean isPerlSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                default -> {
                    if (c < 32) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A job's captured output as ISO-8859-1 text (byte for byte). */
    private static String text(CapturedOutput output) throws IOException {
        if (output.size() == 0) {
            return "";
        }
        var bytes = new ByteArrayOutputStream((int) Math.min(output.size(), 1 << 20));
        output.writeTo(bytes);
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
