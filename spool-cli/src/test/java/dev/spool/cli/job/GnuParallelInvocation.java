package dev.spool.cli.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only: reads the subset of GNU parallel's command line that this package implements into
 * {@link JobInputs} and a {@link CommandTemplate}, the way the CLI will. Options that only affect running
 * ({@code -k}, {@code -j}, {@code --dry-run}) are skipped.
 */
final class GnuParallelInvocation {

    final JobInputs inputs;
    final CommandTemplate template;

    private GnuParallelInvocation(JobInputs inputs, CommandTemplate template) {
        this.inputs = inputs;
        this.template = template;
    }

    /** As the CLI reads {@code args}, with Perl evaluated by {@code perl}, which the caller closes. */
    static GnuParallelInvocation parse(List<String> args, PerlCoprocess perl) {
        return parse(args, ReplacementStrings.DEFAULT.withCoprocess(perl));
    }

    static GnuParallelInvocation parse(List<String> args) {
        return parse(args, ReplacementStrings.DEFAULT);
    }

    private static GnuParallelInvocation parse(List<String> args, ReplacementStrings initial) {
        JobInputs.Builder in = JobInputs.builder();
        ReplacementStrings names = initial;
        ArgsPerJob perJob = ArgsPerJob.ONE;
        List<InputSource> fileSources = new ArrayList<>();
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-") && !args.get(i).equals("-")) {
            String opt = args.get(i++);
            if (opt.matches("-[nN][0-9]+")) {
                args = new ArrayList<>(args);
                args.add(i, opt.substring(2));
                opt = opt.substring(0, 2);
            }
            switch (opt) {
                case "-k", "-j1", "--dry-run", "--" -> { }
                case "-0", "--null" -> in.delimiter(RecordDelimiter.NUL);
                case "--link" -> in.link(true);
                case "-d" -> in.delimiter(RecordDelimiter.parse(args.get(i++)));
                case "--colsep" -> in.columnSeparator(ColumnSplitter.compile(args.get(i++)));
                case "--trim" -> in.trim(TrimMode.parse(args.get(i++)));
                case "-n" -> perJob = ArgsPerJob.atMost(Integer.parseInt(args.get(i++)));
                case "-N" -> perJob = ArgsPerJob.exactly(Integer.parseInt(args.get(i++)));
                case "-I" -> names = names.rename(ReplacementKind.VALUE, args.get(i++), "-I");
                case "--er" -> names = names.rename(ReplacementKind.NO_EXTENSION, args.get(i++), "--er");
                case "--bnr" -> names = names.rename(ReplacementKind.BASENAME, args.get(i++), "--bnr");
                case "--dnr" -> names = names.rename(ReplacementKind.DIRNAME, args.get(i++), "--dnr");
                case "--bner" -> names = names.rename(ReplacementKind.BASENAME_NO_EXTENSION, args.get(i++), "--bner");
                case "--plus" -> names = names.withPlus();
                case "--rpl" -> names = names.withRpl(args.get(i++));
                case "--seqreplace" -> names = names.rename(ReplacementKind.SEQ, args.get(i++), "--seqreplace");
                case "-a" -> fileSources.add(file(args.get(i++), false));
                default -> throw new IllegalArgumentException("option not handled by the test parser: " + opt);
            }
            if (opt.equals("--")) {
                break;
            }
        }
        List<String> words = new ArrayList<>();
        while (i < args.size() && !isSeparator(args.get(i))) {
            words.add(args.get(i++));
        }
        List<InputSource> sources = new ArrayList<>(fileSources);
        while (i < args.size()) {
            String sep = args.get(i++);
            boolean linked = sep.endsWith("+");
            boolean files = sep.startsWith("::::");
            List<String> group = new ArrayList<>();
            while (i < args.size() && !isSeparator(args.get(i))) {
                group.add(args.get(i++));
            }
            if (files) {
                for (String f : group) {
                    sources.add(file(f, linked));
                }
            } else {
                sources.add(new InputSource.Values(group, linked));
            }
        }
        in.sources(sources).argsPerJob(perJob);
        return new GnuParallelInvocation(in.build(), CommandTemplate.parse(words, names, perJob));
    }

    private static InputSource file(String name, boolean linked) {
        return name.equals("-") ? new InputSource.Stdin(linked) : new InputSource.FileSource(Path.of(name), linked);
    }

    private static boolean isSeparator(String s) {
        return s.equals(":::") || s.equals(":::+") || s.equals("::::") || s.equals("::::+");
    }
}
