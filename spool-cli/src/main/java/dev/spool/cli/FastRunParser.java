package dev.spool.cli;

import dev.spool.cli.run.HaltPolicy;
import dev.spool.cli.run.JobSlots;
import dev.spool.cli.run.TimeoutSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The start-up fast path of {@code spool run}: fills {@link RunOptions} from an ordinary command line
 * without building picocli's model, which costs about 100 ms of a job runner's start. It handles only the
 * plain forms ({@code -j4}, {@code -j 4}, {@code --jobs 4}, {@code --jobs=4}, {@code -k}), and converts a
 * typed value with the conversion that the option's picocli converter delegates to. It gives up (empty) on
 * anything else — help, clusters, unknown or malformed options, values a conversion refuses — which then
 * goes through picocli for its full parsing and messages.
 *
 * <p>Its table of options repeats the names of the {@code @Option} annotations in {@link RunOptions}, rather
 * than reading them: reading annotations at start-up spins proxy classes and loads picocli's classes, which
 * the JDK's AOT cache cannot hold (picocli is compiled for Java 5), and cost about 70 ms. {@code
 * FastRunParserTest} checks that the table and the annotations name the same options, field by field.
 */
final class FastRunParser {

    /** What an option does to the options: a flag sets a boolean, any other option converts its value. */
    private record Target(boolean flag, BiConsumer<RunOptions, String> set) {}

    private static final Map<String, Target> OPTIONS = options();

    private FastRunParser() {}

    static Optional<RunOptions> parse(String[] args) {
        RunOptions options = new RunOptions();
        int i = 0;
        try {
            while (i < args.length && args[i].startsWith("-") && !args[i].equals("-")) {
                String arg = args[i++];
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                Target target = OPTIONS.get(name);
                if (target == null && !arg.startsWith("--") && arg.length() > 2) {
                    target = OPTIONS.get(arg.substring(0, 2)); // -j4
                    if (target == null || target.flag()) {
                        return Optional.empty();
                    }
                    value = arg.substring(2);
                }
                if (target == null) {
                    return Optional.empty();
                }
                if (target.flag()) {
                    if (value != null) {
                        return Optional.empty();
                    }
                    target.set().accept(options, null);
                    continue;
                }
                if (value == null) {
                    if (i >= args.length) {
                        return Optional.empty();
                    }
                    value = args[i++];
                }
                target.set().accept(options, value);
            }
        } catch (RuntimeException e) { // a bad value (UsageException, NumberFormatException), or a bug
            return Optional.empty(); // picocli will say what is wrong, with the same converter's message
        }
        options.commandAndSources = new java.util.ArrayList<>(List.of(args).subList(i, args.length));
        return Optional.of(options);
    }

    /**
     * Where the options of {@code words} end: the index of the first word that is not an option or an
     * option's value (the command), or of {@code --}. Knows which options take a value from the same
     * annotations, in every form: {@code -j 4}, {@code -j4}, {@code -kj 4}, {@code --jobs 4},
     * {@code --jobs=4}. An unknown option counts as one word (the parser then says what it is).
     */
    static int optionsEnd(List<String> words) {
        int i = 0;
        while (i < words.size()) {
            String arg = words.get(i);
            if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
                break;
            }
            i++;
            if (arg.startsWith("--")) {
                Target target = OPTIONS.get(arg);
                if (target != null && !target.flag()) {
                    i++; // --jobs 4
                }
                continue;
            }
            for (int k = 1; k < arg.length(); k++) { // a cluster: -kvj1, -kj 4
                Target target = OPTIONS.get("-" + arg.charAt(k));
                if (target == null) {
                    break;
                }
                if (!target.flag()) {
                    if (k == arg.length() - 1) {
                        i++;
                    }
                    break;
                }
            }
        }
        return Math.min(i, words.size());
    }

    /** The options of {@link RunOptions}, by every name of their {@code @Option} annotations. */
    private static Map<String, Target> options() {
        Map<String, Target> byName = new HashMap<>();
        valued(byName, (o, v) -> o.jobs = JobSlots.parse(v), "-j", "--jobs", "-P", "--max-procs", "--maxprocs");
        flag(byName, o -> o.keepOrder = true, "-k", "--keep-order", "--keeporder");
        flag(byName, o -> o.noKeepOrder = true, "--no-keep-order", "--nokeeporder", "--nok", "--no-k");
        flag(byName, o -> o.nul = true, "-0", "--null");
        valued(byName, (o, v) -> o.delimiter = v, "-d", "--delimiter");
        valued(byName, (o, v) -> o.argFiles.add(v), "-a", "--arg-file", "--argfile");
        valued(byName, (o, v) -> o.maxArgs = Integer.valueOf(v), "-n", "--max-args", "--maxargs");
        valued(byName, (o, v) -> o.exactArgs = Integer.valueOf(v),
                "-N", "--max-replace-args", "--maxreplaceargs");
        flag(byName, o -> o.multipleArgs = true, "-m");
        flag(byName, o -> o.multipleArgsContext = true, "-X");
        flag(byName, o -> o.xargs = true, "--xargs");
        valued(byName, (o, v) -> o.maxChars = OptionValues.maxChars(v), "-s", "--max-chars", "--maxchars");
        flag(byName, o -> o.exitIfTooLong = true, "-x", "--exit");
        valued(byName, (o, v) -> o.replace = v, "-I", "--replace");
        valued(byName, (o, v) -> o.rpls.add(v), "--rpl");
        flag(byName, o -> o.plus = true, "--plus");
        valued(byName, (o, v) -> o.colsep = v, "-C", "--colsep", "--col-sep");
        valued(byName, (o, v) -> o.trim = v, "--trim");
        flag(byName, o -> o.link = true, "--link", "--xapply");
        flag(byName, o -> o.ungroup = true, "-u", "--ungroup");
        flag(byName, o -> o.lineBuffer = true,
                "--line-buffer", "--lb", "--linebuffer", "--line-buffered", "--linebuffered");
        flag(byName, o -> o.group = true, "--group", "-g");
        flag(byName, o -> o.tag = true, "--tag");
        valued(byName, (o, v) -> o.tagString = v, "--tagstring", "--tag-string");
        valued(byName, (o, v) -> o.joblog = OptionValues.joblog(v), "--joblog", "--jl");
        flag(byName, o -> o.resume = true, "--resume");
        flag(byName, o -> o.resumeFailed = true, "--resume-failed", "--resumefailed");
        flag(byName, o -> o.retryFailed = true, "--retry-failed", "--retryfailed");
        valued(byName, (o, v) -> o.retries = OptionValues.retries(v), "--retries");
        valued(byName, (o, v) -> o.timeout = TimeoutSpec.parse(v), "--timeout");
        valued(byName, (o, v) -> o.termseq = OptionValues.termseq(v), "--termseq", "--term-seq");
        valued(byName, (o, v) -> o.halt = HaltPolicy.parse(v), "--halt", "--halt-on-error");
        valued(byName, (o, v) -> o.delay = OptionValues.delay(v), "--delay");
        flag(byName, o -> o.dryRun = true, "--dry-run", "--dryrun", "--dr");
        flag(byName, o -> o.verbose = true, "-v");
        flag(byName, o -> o.silent = true, "--silent");
        flag(byName, o -> o.trace = true, "-t", "--verbose");
        flag(byName, o -> o.progress = true, "--bar", "--eta", "--progress");
        valued(byName, (o, v) -> o.results = v, "--results", "--res", "--result");
        valued(byName, (o, v) -> o.parset = v, "--_parset");
        valued(byName, (o, v) -> o.tmpdir = v, "--tmpdir", "--tempdir");
        valued(byName, (o, v) -> o.profiles.add(v), "-J", "--profile");
        flag(byName, o -> o.plain = true, "--plain");
        flag(byName, o -> o.pipe = true, "--pipe", "--spreadstdin");
        flag(byName, o -> o.pipePart = true, "--pipepart", "--pipe-part");
        valued(byName, (o, v) -> o.blockSize = dev.spool.cli.pipe.BlockSize.parse(v),
                "--block", "--block-size", "--blocksize");
        valued(byName, (o, v) -> o.recend = v, "--recend");
        valued(byName, (o, v) -> o.recstart = v, "--recstart");
        flag(byName, o -> o.regexp = true, "--regexp", "--regex");
        valued(byName, (o, v) -> o.maxLines = Integer.valueOf(v), "-L");
        valued(byName, (o, v) -> o.header = v, "--header");
        valued(byName, (o, v) -> o.groupBy = v, "--group-by", "--groupby");
        flag(byName, o -> o.roundRobin = true, "--round-robin", "--roundrobin", "--round");
        flag(byName, o -> o.cat = true, "--cat");
        flag(byName, o -> o.fifo = true, "--fifo");
        valued(byName, (o, v) -> o.sshlogins.add(v), "-S", "--sshlogin");
        flag(byName, o -> o.hostgroups = true, "--hostgroups", "--hostgroup", "--hgrp", "--hostgrp");
        valued(byName, (o, v) -> o.sshloginFiles.add(v), "--sshloginfile", "--slf");
        valued(byName, (o, v) -> o.ssh = v, "--ssh");
        flag(byName, o -> o.controlMaster = true, "--controlmaster", "-M");
        flag(byName, o -> o.filterHosts = true, "--filter-hosts", "--filterhosts", "--filter-host");
        valued(byName, (o, v) -> o.workdir = v, "--workdir", "--wd", "--work-dir");
        valued(byName, (o, v) -> o.transferFiles.add(v), "--transferfile", "--tf", "--transfer-file", "--transfer-files", "--transferfiles");
        flag(byName, o -> o.transfer = true, "--transfer");
        valued(byName, (o, v) -> o.returnFiles.add(v), "--return");
        flag(byName, o -> o.cleanup = true, "--cleanup");
        valued(byName, (o, v) -> o.trc.add(v), "--trc");
        valued(byName, (o, v) -> o.basefiles.add(v), "--basefile", "--bf");
        valued(byName, (o, v) -> o.env.add(v), "--env");
        flag(byName, o -> o.semaphore = true, "--semaphore", "--sem");
        valued(byName, (o, v) -> o.semaphoreName = v, "--id", "--semaphorename", "--semaphore-name");
        flag(byName, o -> o.fg = true, "--fg");
        flag(byName, o -> o.bg = true, "--bg");
        valued(byName, (o, v) -> o.semaphoreTimeout = Double.valueOf(v), "--semaphoretimeout", "--st",
                "--semaphore-timeout");
        valued(byName, (o, v) -> o.eof = v, "-E", "--eof");
        flag(byName, o -> o.quote = true, "-q", "--quote");
        flag(byName, o -> o.compress = true, "--compress");
        flag(byName, o -> o.recordEnv = true, "--record-env", "--recordenv");
        valued(byName, (o, v) -> o.sshDelay = OptionValues.delay(v), "--sshdelay", "--ssh-delay");
        flag(byName, o -> o.removeRecSep = true, "--rrs", "--remove-rec-sep", "--removerecsep");
        flag(byName, o -> o.tty = true, "--tty");
        flag(byName, o -> o.openTty = true, "-o", "--open-tty");
        flag(byName, o -> o.shellQuote = o.shellQuote == null ? new boolean[] {true}
                : java.util.Arrays.copyOf(o.shellQuote, o.shellQuote.length + 1), "--shellquote", "--shell-quote",
                "--shell_quote");
        valued(byName, (o, v) -> o.extensionReplace = v, "--extensionreplace", "--er");
        valued(byName, (o, v) -> o.basenameReplace = v, "--basenamereplace", "--bnr");
        valued(byName, (o, v) -> o.dirnameReplace = v, "--dirnamereplace", "--dnr");
        valued(byName, (o, v) -> o.basenameExtensionReplace = v, "--basenameextensionreplace", "--bner");
        valued(byName, (o, v) -> o.seqReplace = v, "--seqreplace");
        valued(byName, (o, v) -> o.slotReplace = v, "--slotreplace");
        flag(byName, o -> o.noRunIfEmpty = true, "-r", "--no-run-if-empty", "--norunifempty");
        valued(byName, (o, v) -> o.argSep = v, "--arg-sep", "--argsep");
        valued(byName, (o, v) -> o.argFileSep = v, "--arg-file-sep", "--argfilesep");
        flag(byName, o -> o.shuf = true, "--shuf");
        valued(byName, (o, v) -> o.nice = Integer.valueOf(v), "--nice");
        flag(byName, o -> o.numberOfCores = true, "--number-of-cpus", "--numberofcpus", "--number-of-cores",
                "--numberofcores");
        flag(byName, o -> o.numberOfThreads = true, "--number-of-threads", "--numberofthreads");
        flag(byName, o -> o.numberOfSockets = true, "--number-of-sockets", "--numberofsockets");
        valued(byName, (o, v) -> o.minVersion = v, "--minversion", "--min-version");
        flag(byName, o -> o.onall = true, "--onall");
        flag(byName, o -> o.nonall = true, "--nonall");
        flag(byName, o -> o.files = true, "--files", "--output-as-files", "--outputasfiles");
        flag(byName, o -> o.skipFirstLine = true, "--skip-first-line", "--skipfirstline");
        flag(byName, o -> o.shebangNotFirst = true, "--shebang", "--hashbang", "--shebang-wrap", "--shebangwrap");
        flag(byName, o -> o.tee = true, "--tee");
        valued(byName, (o, v) -> o.filters.add(v), "--filter");
        valued(byName, (o, v) -> o.templates.add(v), "--tmpl", "--template");
        valued(byName, (o, v) -> o.load = v, "--load");
        valued(byName, (o, v) -> o.memFree = v, "--memfree");
        flag(byName, o -> o.noSwap = true, "--noswap");
        valued(byName, (o, v) -> o.parens = v, "--parens");
        valued(byName, (o, v) -> o.processSlotVar = v, "--process-slot-var", "--processslotvar");
        flag(byName, o -> o.maxLineLengthAllowed = true, "--max-line-length-allowed", "--maxlinelengthallowed");
        flag(byName, o -> o.useSockets = true, "--use-sockets-instead-of-threads", "--usesocketsinsteadofthreads",
                "--use-cpus-instead-of-cores", "--usecpusinsteadofcores");
        flag(byName, o -> o.useCores = true, "--use-cores-instead-of-threads", "--usecoresinsteadofthreads");
        flag(byName, o -> o.willCite = true,
                "--will-cite", "--willcite", "--nn", "--nonotice", "--no-notice", "--gnu");
        return byName;
    }

    private static void flag(Map<String, Target> byName, Consumer<RunOptions> set, String... names) {
        for (String name : names) {
            byName.put(name, new Target(true, (options, unused) -> set.accept(options)));
        }
    }

    private static void valued(Map<String, Target> byName, BiConsumer<RunOptions, String> set, String... names) {
        for (String name : names) {
            byName.put(name, new Target(false, set));
        }
    }

    /** Every name the table knows, and whether it is a flag: for the test that holds it to the annotations. */
    static Map<String, Boolean> namesForTest() {
        Map<String, Boolean> names = new HashMap<>();
        OPTIONS.forEach((name, target) -> names.put(name, target.flag()));
        return names;
    }

    /** Applies option {@code name} (with {@code value}, ignored for a flag) to {@code options}: for the test. */
    static void applyForTest(RunOptions options, String name, String value) {
        OPTIONS.get(name).set().accept(options, value);
    }
}
