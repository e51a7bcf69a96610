package dev.spool.cli.job;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The reason an I/O operation failed, as the C library words it ("Permission denied", "Not a directory"),
 * for messages that already name the file. The JDK's exceptions hide it: {@code getMessage()} of an
 * {@link AccessDeniedException} is only the path.
 */
public final class IoReason {

    private IoReason() {}

    /** The reason for {@code e}, without the file name; never null or empty. */
    public static String of(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null && !fs.getReason().isBlank()) {
            return fs.getReason();
        }
        return switch (e) {
            case NoSuchFileException n -> "No such file or directory";
            case AccessDeniedException a -> "Permission denied";
            case NotDirectoryException n -> "Not a directory";
            case FileAlreadyExistsException f -> "File exists";
            default -> e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : e.getMessage();
        };
    }
}
