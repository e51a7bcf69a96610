package dev.spool.cli.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * GNU parallel's {@code --tmpl FILE=NAME}: before each job, the contents of FILE with the job's replacement
 * strings replaced are written to NAME, itself with them replaced; with {@code --cleanup} the files are
 * removed when the job has ended. Values go in as they are, not quoted (a template is not a command line),
 * as in GNU parallel. FILE is read once, when the run starts. Thread-safe: immutable.
 */
public final class FileTemplates {

    /** One {@code --tmpl}: what to write and where. */
    private record Template(String source, CommandTemplate contents, CommandTemplate name) {}

    private final List<Template> templates;
    private final boolean cleanup;

    private FileTemplates(List<Template> templates, boolean cleanup) {
        this.templates = templates;
        this.cleanup = cleanup;
    }

    /**
     * The templates of {@code specs} (each {@code FILE=NAME}), with {@code named} applied to their text first
     * ({@code --header}'s column names), or null if there are none.
     *
     * @throws JobSpecException if a spec has no {@code =}, FILE cannot be read, or a replacement string is
     *     malformed
     */
    public static FileTemplates of(List<String> specs, boolean cleanup, ReplacementStrings names, ArgsPerJob perJob,
                                   UnaryOperator<String> named) {
        if (specs.isEmpty()) {
            return null;
        }
        // GNU parallel keeps --tmpl in a hash by FILE: the same template given twice is written once, to the
        // last NAME given for it
        java.util.Map<String, String> byFile = new java.util.LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            String file = eq > 0 ? spec.substring(0, eq) : spec;
            byFile.remove(file); // put() alone would keep the first one's place
            byFile.put(file, spec);
        }
        List<Template> templates = new ArrayList<>(byFile.size());
        for (String spec : byFile.values()) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new JobSpecException("--tmpl: '" + spec + "' is not FILE=NAME (the template, then the file"
                        + " to write for each job, such as my.tmpl={#}.conf)");
            }
            String file = spec.substring(0, eq);
            String text;
            try {
                text = new String(Files.readAllBytes(Path.of(file)), StandardCharsets.ISO_8859_1);
            } catch (IOException | java.nio.file.InvalidPathException e) {
                throw new JobSpecException("--tmpl: cannot read the template '" + file + "': " + reason(e));
            }
            templates.add(new Template(spec,
                    CommandTemplate.parse(List.of(named.apply(text)), names, perJob, JobShell.SH, false),
                    CommandTemplate.parse(List.of(named.apply(spec.substring(eq + 1))), names, perJob, JobShell.SH,
                            false)));
        }
        return new FileTemplates(List.copyOf(templates), cleanup);
    }

    /** Whether the files are removed after each job ({@code --cleanup}). */
    public boolean cleanup() {
        return cleanup;
    }

    /**
     * Writes the job's files, names relative to {@code directory} (the job's working directory; null: the
     * current one), and returns their paths.
     *
     * @throws IOException naming the template and the file when one cannot be written
     */
    public List<Path> write(JobArgs args, int slot, Path directory) throws IOException {
        List<Path> written = new ArrayList<>(templates.size());
        for (Template t : templates) {
            String name = t.name().renderPlain(args, slot);
            Path path = directory == null ? Path.of(name) : directory.resolve(name);
            try {
                Files.write(path, t.contents().renderPlain(args, slot).getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                if (cleanup) {
                    remove(written); // the job will not run: its files written so far go too
                }
                throw new IOException("--tmpl " + t.source() + ": cannot write '" + name + "': " + reason(e), e);
            }
            written.add(path);
        }
        return written;
    }

    /** Removes {@code files} (after the job, with {@code --cleanup}); a file already gone is fine. */
    public static void remove(List<Path> files) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.err.println("spool: --tmpl --cleanup: cannot remove '" + file + "': " + reason(e));
            }
        }
    }

    private static String reason(Exception e) {
        return e instanceof java.nio.file.NoSuchFileException ? "No such file or directory"
                : e instanceof java.nio.file.AccessDeniedException ? "Permission denied"
                : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage();
    }
}
