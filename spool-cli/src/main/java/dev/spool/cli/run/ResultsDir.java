package dev.spool.cli.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --results DIR}, as GNU parallel lays it out: a job with values {@code a} and {@code x} saves its
 * output in {@code DIR/1/a/2/x/stdout}, {@code stderr} and {@code seq} instead of printing it. In values,
 * {@code \} becomes {@code \\} and {@code /} becomes {@code \_}; an empty value adds no directory.
 */
final class ResultsDir {
    private ResultsDir() {}

    /**
     * {@code --results NAME} with replacement strings, as GNU parallel saves it: {@code name} (the job's
     * rendered NAME) is a file for stdout, with {@code name.err} and {@code name.seq} beside it; a name ending
     * in {@code /} is a directory holding {@code stdout}, {@code stderr} and {@code seq}. Directories are made
     * as needed.
     */
    static void saveNamed(String name, JobResult result) throws IOException {
        String platform = dev.spool.cli.RawArgs.toPlatform(name);
        if (platform.endsWith("/")) {
            Path dir = Files.createDirectories(Path.of(platform));
            write(dir.resolve("seq"), dir.resolve("stdout"), dir.resolve("stderr"), result);
            return;
        }
        Path out = Path.of(platform);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        write(Path.of(platform + ".seq"), out, Path.of(platform + ".err"), result);
    }

    /** {@code --files}: the job's stdout in a new file {@code parXXXXX.par} in {@code dir}; returns its name. */
    static Path saveToNewFile(Path dir, JobResult result) throws IOException {
        Path file = newParFile(dir);
        try (OutputStream out = Files.newOutputStream(file)) {
            result.stdout().writeTo(out);
        }
        return file;
    }

    private static final String NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";

    /** A new, empty file named as GNU parallel names them (Perl's File::Temp, parXXXXX.par), mode 600. */
    private static Path newParFile(Path dir) throws IOException {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; ; attempt++) {
            StringBuilder name = new StringBuilder("par");
            for (int i = 0; i < 5; i++) {
                name.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
            }
            try {
                return Files.createFile(dir.resolve(name.append(".par").toString()),
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                if (attempt >= 1000) {
                    throw taken; // 63^5 names: a directory this full is not a naming problem
                }
            }
        }
    }

    private static void write(Path seq, Path stdout, Path stderr, JobResult result) throws IOException {
        Files.writeString(seq, Long.toString(result.job().seq()));
        try (OutputStream out = Files.newOutputStream(stdout)) {
            result.stdout().writeTo(out);
        }
        try (OutputStream err = Files.newOutputStream(stderr)) {
            result.stderr().writeTo(err);
        }
    }

    /** @param columns {@code --header}'s column names, which name the directories instead of 1, 2, ... */
    static void save(Path root, List<String> columns, JobResult result) throws IOException {
        Path dir = root;
        List<String> values = result.job().args() == null ? List.of(result.display()) : result.job().args().values();
        for (int i = 0; i < values.size(); i++) {
            String column = i < columns.size() && !columns.get(i).isEmpty() ? columns.get(i) : Integer.toString(i + 1);
            dir = dir.resolve(dev.spool.cli.RawArgs.toPlatform(column.replace("\\", "\\\\").replace("/", "\\_")));
            String value = values.get(i).replace("\\", "\\\\").replace("/", "\\_");
            if (!value.isEmpty()) {
                dir = dir.resolve(dev.spool.cli.RawArgs.toPlatform(value));
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("seq"), Long.toString(result.job().seq()));
        try (OutputStream out = Files.newOutputStream(dir.resolve("stdout"))) {
            result.stdout().writeTo(out);
        }
        try (OutputStream err = Files.newOutputStream(dir.resolve("stderr"))) {
            result.stderr().writeTo(err);
        }
    }
}
