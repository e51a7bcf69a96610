package dev.spool.cli.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where {@code --results NAME} saves each job's output instead of printing it; GNU parallel reads NAME in
 * this order:
 * <ul>
 *   <li>{@link Table}: NAME ends in {@code .csv}, {@code .tsv} or {@code .json} (any case): one file of
 *       records ({@link ResultsTable}); {@code -.csv}, {@code -.tsv}, {@code -.json} write it on stdout;
 *   <li>{@link Named}: NAME holds a replacement string: each job's NAME, rendered with its values, is a file
 *       for its stdout, with {@code .err} and {@code .seq} beside it; a NAME that ends in {@code /} is a
 *       directory holding {@code stdout}, {@code stderr} and {@code seq};
 *   <li>{@link Tree}: else NAME is the root of a directory tree, {@code NAME/1/VALUE1/2/VALUE2/...}
 *       ({@link ResultsDir}).
 *   <li>{@link OutputFiles}: not {@code --results} but {@code --files};
 *   <li>{@link ShellVariables}: not {@code --results} but {@code --_parset} (GNU's {@code parset}).
 * </ul>
 */
public sealed interface ResultsTarget {

    /** The formats of a {@link Table}. */
    enum Format { CSV, TSV, JSON }

    /** The directory tree rooted at {@code root}, a level per input source: its name (or number), then the value. */
    record Tree(Path root, List<String> columns) implements ResultsTarget {
        /** Directories named by the input's position, 1, 2, ... */
        public Tree(Path root) {
            this(root, List.of());
        }

        /** The same tree with directories named by {@code --header}'s column names instead of numbers. */
        public Tree withColumns(List<String> names) {
            return new Tree(root, List.copyOf(names));
        }
    }

    /** Files named by each job's rendered name ({@link PlannedJob#resultsName(int)}). */
    record Named() implements ResultsTarget {}

    /** {@code --files}: each job's stdout in a new file {@code parXXXXX.par} in {@code dir}, whose name is printed. */
    record OutputFiles(Path dir) implements ResultsTarget {}

    /** {@code --_parset}: each job's stdout printed as a shell assignment ({@link ParsetOutput}). */
    record ShellVariables(ParsetOutput output) implements ResultsTarget {}

    /** One file of records in {@code format}; {@code file} null for stdout. */
    record Table(Path file, Format format) implements ResultsTarget {}

    /** The table format that {@code name} asks for, or null. */
    static Format formatOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".csv") ? Format.CSV : lower.endsWith(".tsv") ? Format.TSV
                : lower.endsWith(".json") ? Format.JSON : null;
    }

    /** Whether {@code name} asks for a {@link Table}. */
    static boolean isTable(String name) {
        return formatOf(name) != null;
    }

    /**
     * The target for {@code --results name} ({@code platform}: the same name as a file system path).
     *
     * @param named whether {@code name} holds a replacement string
     */
    static ResultsTarget of(String name, Path platform, boolean named) {
        Format format = formatOf(name);
        if (format != null) {
            return new Table(name.startsWith("-.") && name.indexOf('.') == 1 ? null : platform, format);
        }
        return named ? new Named() : new Tree(platform);
    }
}
