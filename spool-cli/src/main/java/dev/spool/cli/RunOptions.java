package dev.spool.cli;

import dev.spool.cli.job.LineLimit;
import dev.spool.cli.run.HaltPolicy;
import dev.spool.cli.run.JobSlots;
import dev.spool.cli.run.TimeoutSpec;
import dev.spool.launch.TermSequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options of {@code spool run}, named as GNU parallel names them. Parsing stops at the command: every
 * word from the first non-option on is the command, its arguments and the input sources. Options with a
 * domain type ({@code -j}, {@code --timeout}, {@code --termseq}, {@code --halt}, {@code --delay}, {@code
 * --retries}, {@code --joblog}) name their converter here, once; picocli and {@link FastRunParser} both use
 * it, and a field's initial value is its default. Descriptions are format strings for picocli's help: a percent sign is written {@code %%}.
 */
public final class RunOptions {

    @Option(names = {"-j", "--jobs", "-P", "--max-procs", "--maxprocs"}, paramLabel = "N",
            converter = JobSlotsConverter.class,
            description = "Jobs at once: N, +N (CPUs+N), -N (CPUs-N), N%% of CPUs, 0 (as many as possible). Default: one per CPU.")
    JobSlots jobs = JobSlots.ONE_PER_CPU;

    @Option(names = {"-k", "--keep-order", "--keeporder"}, description = "Print output in the order of the input, not of completion.")
    boolean keepOrder;

    @Option(names = {"--no-keep-order", "--nokeeporder", "--nok", "--no-k"},
            description = "Cancel -k (from a profile or $PARALLEL), as in GNU parallel.")
    boolean noKeepOrder;

    @Option(names = {"-0", "--null"}, description = "Input records end with NUL, not newline.")
    boolean nul;

    @Option(names = {"-d", "--delimiter"}, paramLabel = "DELIM", description = "Input records end with DELIM (\\n, \\t, \\0 understood).")
    String delimiter;

    @Option(names = {"-a", "--arg-file", "--argfile"}, paramLabel = "FILE", description = "Read input from FILE (repeatable).")
    List<String> argFiles = new ArrayList<>();

    @Option(names = {"-n", "--max-args", "--maxargs"}, paramLabel = "N", description = "At most N input values per job.")
    Integer maxArgs;

    @Option(names = {"-N", "--max-replace-args", "--maxreplaceargs"}, paramLabel = "N", description = "Exactly N input values per job, as {1}..{N}.")
    Integer exactArgs;

    @Option(names = "-m", description = "Put as many input values in each job as the line length limit (-s) lets in; "
            + "{} is all of them, space separated. The values of the line during which input ends are spread "
            + "evenly over the job slots (-j).")
    boolean multipleArgs;

    @Option(names = "-X", description = "As -m, with context replace: a word holding {} is repeated once per value "
            + "(x{}y with the values a b gives xay xby).")
    boolean multipleArgsContext;

    @Option(names = "--xargs", description = "As -m, but never spread over the job slots: fill each line as xargs does.")
    boolean xargs;

    @Option(names = {"-s", "--max-chars", "--maxchars"}, paramLabel = "N", converter = MaxCharsConverter.class,
            description = "Keep each command line shorter than N characters, as GNU parallel counts them (values "
                    + "shell-quoted). Default and most: " + LineLimit.GNU_DEFAULT_MAX_CHARS
                    + ", GNU parallel's on Linux. A single value too long for it is an error.")
    Integer maxChars;

    @Option(names = {"-x", "--exit"},
            description = "Stop if a command line would be too long (-s): accepted; spool always does, as GNU parallel does.")
    boolean exitIfTooLong;

    @Option(names = {"-I", "--replace"}, paramLabel = "STR", description = "Use STR instead of {} as the replacement string.")
    String replace;

    @Option(names = {"--extensionreplace", "--er"}, paramLabel = "STR", description = "Use STR instead of {.}.")
    String extensionReplace;

    @Option(names = {"--basenamereplace", "--bnr"}, paramLabel = "STR", description = "Use STR instead of {/}.")
    String basenameReplace;

    @Option(names = {"--dirnamereplace", "--dnr"}, paramLabel = "STR", description = "Use STR instead of {//}.")
    String dirnameReplace;

    @Option(names = {"--basenameextensionreplace", "--bner"}, paramLabel = "STR",
            description = "Use STR instead of {/.}.")
    String basenameExtensionReplace;

    @Option(names = "--seqreplace", paramLabel = "STR", description = "Use STR instead of {#}.")
    String seqReplace;

    @Option(names = "--slotreplace", paramLabel = "STR", description = "Use STR instead of {%%}.")
    String slotReplace;

    @Option(names = "--rpl", paramLabel = "'TAG PERL'", description = "Define the replacement string TAG as the Perl expression PERL, as {= PERL =} (repeatable; TAG may hold a (regex) whose groups PERL reads as $$1, $$2...).")
    List<String> rpls = new ArrayList<>();

    @Option(names = "--plus", description = "Add GNU parallel's --plus replacement strings: {..} {...} {/..} {+/} {+.} {+..} {##} {0#} {%%.gz} {:2} {/a/b} ...")
    boolean plus;

    @Option(names = {"-C", "--colsep", "--col-sep"}, paramLabel = "REGEX", description = "Split each input record into columns {1}, {2}, ... at REGEX.")
    String colsep;

    @Option(names = "--trim", paramLabel = "n|l|r|lr|rl", description = "Trim white space of input values: n none, l left, r right, lr or rl both. Default: rl with --colsep, else n.")
    String trim;

    @Option(names = {"--link", "--xapply"}, description = "Pair input sources instead of combining them.")
    boolean link;

    @Option(names = {"-u", "--ungroup"}, description = "Jobs write straight to the output; lines of jobs may mix.")
    boolean ungroup;

    @Option(names = {"--line-buffer", "--lb", "--linebuffer", "--line-buffered", "--linebuffered"}, description = "Print whole lines as jobs write them.")
    boolean lineBuffer;

    @Option(names = {"--group", "-g"}, description = "Print each job's output whole when it ends (the default).")
    boolean group;

    @Option(names = "--tag", description = "Prefix each output line with the job's input values and a TAB.")
    boolean tag;

    @Option(names = {"--tagstring", "--tag-string"}, paramLabel = "STR", description = "Prefix each output line with STR (replacement strings allowed) and a TAB.")
    String tagString;

    @Option(names = {"--joblog", "--jl"}, paramLabel = "[+]FILE", converter = JoblogConverter.class,
            description = "Log each finished job to FILE in GNU parallel's format; +FILE appends.")
    JoblogConverter.Joblog joblog;

    @Option(names = "--resume", description = "Skip the jobs already in the joblog.")
    boolean resume;

    @Option(names = {"--resume-failed", "--resumefailed"}, description = "Skip the jobs that succeeded in the joblog; rerun the failed ones.")
    boolean resumeFailed;

    @Option(names = {"--retry-failed", "--retryfailed"}, description = "Rerun the failed jobs of the joblog, with their logged commands; ignores input.")
    boolean retryFailed;

    @Option(names = "--retries", paramLabel = "N", converter = RetriesConverter.class,
            description = "Run a failing job up to N times in all.")
    Integer retries;

    @Option(names = "--timeout", paramLabel = "SECS|N%", converter = TimeoutSpecConverter.class,
            description = "Kill a job after SECS (s/m/h/d suffix allowed), or after N%% of the median runtime.")
    TimeoutSpec timeout;

    /** GNU parallel's termination sequence: the signal to send and the milliseconds to wait, in turn. */
    static final String DEFAULT_TERMSEQ = "TERM,200,TERM,100,TERM,50,KILL,25";

    @Option(names = {"--termseq", "--term-seq"}, paramLabel = "SEQ", converter = TermSequenceConverter.class,
            description = "How to kill a job: signals and waits in ms. Default: " + DEFAULT_TERMSEQ + ".")
    TermSequence termseq = TermSequence.parse(DEFAULT_TERMSEQ);

    @Option(names = {"--halt", "--halt-on-error"}, paramLabel = "WHEN,WHY=N", converter = HaltPolicyConverter.class,
            description = "Stop early: now|soon,fail|success|done=N|N%%.")
    HaltPolicy halt = HaltPolicy.NEVER;

    @Option(names = "--delay", paramLabel = "SECS", converter = DelayConverter.class,
            description = "Wait SECS between job starts.")
    Duration delay = Duration.ZERO;

    @Option(names = {"--dry-run", "--dryrun", "--dr"}, description = "Print the jobs instead of running them.")
    boolean dryRun;

    @Option(names = "-v", description = "Print each job's command on stdout, before its output.")
    boolean verbose;

    @Option(names = "--silent", description = "Cancel -v (from a profile or $PARALLEL), as in GNU parallel.")
    boolean silent;

    @Option(names = {"-t", "--verbose"}, description = "Print each job's command on stderr as it starts.")
    boolean trace;

    @Option(names = {"--bar", "--eta", "--progress"}, description = "Show progress on stderr.")
    boolean progress;

    @Option(names = {"--results", "--res", "--result"}, paramLabel = "NAME",
            description = "Save each job's output instead of printing it: in NAME/1/VALUE1/2/VALUE2/.../{seq,stdout,stderr}; "
                    + "in one table if NAME ends in .csv, .tsv or .json (-.csv: on stdout); in files NAME, NAME.err, NAME.seq "
                    + "if NAME holds replacement strings (NAME/: a directory of each).")
    String results;

    @Option(names = {"--tmpdir", "--tempdir"}, paramLabel = "DIR", description = "Where grouped output waits (default $TMPDIR or /tmp).")
    String tmpdir;

    @Option(names = {"-J", "--profile"}, paramLabel = "NAME",
            description = "Read default options from the profile NAME in ~/.parallel (or $PARALLEL_HOME) instead of its config file; repeatable.")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--plain", description = "Ignore GNU parallel's config files, profiles and $PARALLEL.")
    boolean plain;

    @Option(names = {"--pipe", "--spreadstdin"},
            description = "Split stdin into blocks (--block bytes, ending on a record end) and feed each to one job's stdin.")
    boolean pipe;

    @Option(names = {"--pipepart", "--pipe-part"},
            description = "As --pipe, but split the seekable file of -a or :::: by offsets; each job reads its part.")
    boolean pipePart;

    @Option(names = {"--block", "--block-size", "--blocksize"}, paramLabel = "SIZE", converter = BlockSizeConverter.class,
            description = "Block size for --pipe: bytes, with k (1000), K, M, G, T (1024...). Default: 1M; "
                    + "with --pipepart, -N means N blocks per job slot (default -10).")
    Long blockSize;

    @Option(names = "--recend", paramLabel = "STR", description = "With --pipe: records end with STR (default \\n).")
    String recend;

    @Option(names = "--recstart", paramLabel = "STR", description = "With --pipe: records start with STR.")
    String recstart;

    @Option(names = {"--regexp", "--regex"}, description = "With --pipe: --recstart and --recend are regular expressions.")
    boolean regexp;

    @Option(names = {"--group-by", "--groupby"}, paramLabel = "VAL",
            description = "Implies --pipe: a record is a run of lines with the same value, VAL being a column number,"
                    + " a column name (from the first line, which heads every block), a Perl expression on the line,"
                    + " or a column and a Perl expression on it; -N1 makes a job per group.")
    String groupBy;

    @Option(names = "-L", paramLabel = "N", description = "With --pipe: blocks of N-line records.")
    Integer maxLines;

    @Option(names = "--header", paramLabel = "REGEX",
            description = "With --pipe: the start of input matching REGEX (: the first line; N: N lines) heads each block.")
    String header;

    @Option(names = {"--round-robin", "--roundrobin", "--round"},
            description = "With --pipe: start one job per job slot and deal the blocks to them.")
    boolean roundRobin;

    @Option(names = "--cat", description = "With --pipe: put each block in a temporary file; {} is its name.")
    boolean cat;

    @Option(names = "--fifo", description = "With --pipe: feed each block through a named pipe; {} is its name.")
    boolean fifo;

    @Option(names = {"-S", "--sshlogin"}, paramLabel = "[@GRP/][N/]LOGIN",
            description = "Run jobs on these computers through ssh (repeatable; comma-separated): [N/][user@]host, "
                    + "[N/]sshcommand [options] host, or : for this computer. N: its CPUs. @GRP+GRP/: in these"
                    + " host groups; @GRP alone: only the computers of GRP.")
    List<String> sshlogins = new ArrayList<>();

    @Option(names = {"--hostgroups", "--hostgroup", "--hgrp", "--hostgrp"},
            description = "An input value VALUE@GRP[+GRP] runs (as VALUE) only on the -S computers of those groups.")
    boolean hostgroups;

    @Option(names = {"--sshloginfile", "--slf"}, paramLabel = "FILE",
            description = "Read sshlogins from FILE, one per line (# comments); .. is ~/.parallel/sshloginfile.")
    List<String> sshloginFiles = new ArrayList<>();

    @Option(names = "--ssh", paramLabel = "CMD", description = "The ssh command (default: $PARALLEL_SSH, else ssh).")
    String ssh;

    @Option(names = {"--controlmaster", "-M"},
            description = "Log in once to each computer of -S and run its jobs over that connection (ssh's"
                    + " ControlMaster); not for sshlogins that name their own ssh command.")
    boolean controlMaster;

    @Option(names = {"--filter-hosts", "--filterhosts", "--filter-host"},
            description = "Before the first job, check that ssh can log in to each computer of -S (within 10 s);"
                    + " leave out those it cannot.")
    boolean filterHosts;

    @Option(names = {"--workdir", "--wd", "--work-dir"}, paramLabel = "DIR",
            description = "Run remote jobs in DIR (default: the login dir); . is the current dir, ... a temporary one.")
    String workdir;

    @Option(names = {"--transferfile", "--tf", "--transfer-file", "--transfer-files", "--transferfiles"}, paramLabel = "FILE",
            description = "Copy FILE (with replacement strings) to the remote computer before the job (repeatable).")
    List<String> transferFiles = new ArrayList<>();

    @Option(names = "--transfer", description = "As --transferfile {}.")
    boolean transfer;

    @Option(names = "--return", paramLabel = "FILE",
            description = "Copy FILE (with replacement strings) back from the remote computer after the job (repeatable).")
    List<String> returnFiles = new ArrayList<>();

    @Option(names = "--cleanup", description = "Remove the files transferred and returned from the remote computer after the job.")
    boolean cleanup;

    @Option(names = "--trc", paramLabel = "FILE", description = "As --transfer --return FILE --cleanup.")
    List<String> trc = new ArrayList<>();

    @Option(names = {"--basefile", "--bf"}, paramLabel = "FILE",
            description = "Copy FILE to each remote computer before the first job (repeatable).")
    List<String> basefiles = new ArrayList<>();

    @Option(names = "--env", paramLabel = "NAME", description = "Give remote jobs this variable's value here (repeatable).")
    List<String> env = new ArrayList<>();

    @Option(names = {"--semaphore", "--sem"},
            description = "Work as GNU's sem: wait for a free slot of the semaphore (-j N, default 1), run the "
                    + "command in the background and return; --fg waits for it; --wait waits for them all.")
    boolean semaphore;

    @Option(names = {"--id", "--semaphorename", "--semaphore-name"}, paramLabel = "NAME",
            description = "The semaphore's name (implies --semaphore). Default: the terminal's name.")
    String semaphoreName;

    @Option(names = "--fg", description = "With --semaphore: run the command in the foreground; exit with its status.")
    boolean fg;

    @Option(names = "--bg", description = "With --semaphore: run the command in the background (the default).")
    boolean bg;

    @Option(names = {"--semaphoretimeout", "--st", "--semaphore-timeout"}, paramLabel = "SECS",
            description = "With --semaphore: after SECS seconds without a free slot, run anyway; if negative, give up.")
    Double semaphoreTimeout;

    @Option(names = {"-E", "--eof"}, paramLabel = "EOF", description = "Each input source ends at a record equal to EOF.")
    String eof;

    @Option(names = {"--shellquote", "--shell-quote", "--shell_quote"},
            description = "Print each job's command line quoted as one shell word instead of running it (given"
                    + " twice, quoted twice).")
    boolean[] shellQuote;

    @Option(names = {"-q", "--quote"},
            description = "Each command word, with the values in it, is one argument, never read by a shell:"
                    + " -q bash -c 'wc -c <(echo {})' gives bash that script with the value inside.")
    boolean quote;

    @Option(names = {"-r", "--no-run-if-empty", "--norunifempty"},
            description = "Skip input records with an empty or blank value.")
    boolean noRunIfEmpty;

    @Option(names = {"--arg-sep", "--argsep"}, paramLabel = "SEP", description = "Use SEP instead of ::: .")
    String argSep;

    @Option(names = {"--arg-file-sep", "--argfilesep"}, paramLabel = "SEP", description = "Use SEP instead of :::: .")
    String argFileSep;

    @Option(names = "--shuf", description = "Run the jobs in random order (all input is read first).")
    boolean shuf;

    @Option(names = "--nice", paramLabel = "N", description = "Run the jobs with niceness N.")
    Integer nice;

    @Option(names = {"--number-of-cpus", "--numberofcpus", "--number-of-cores", "--numberofcores"},
            description = "Print the number of CPU cores and exit.")
    boolean numberOfCores;

    @Option(names = {"--number-of-threads", "--numberofthreads"},
            description = "Print the number of hardware threads and exit.")
    boolean numberOfThreads;

    @Option(names = {"--number-of-sockets", "--numberofsockets"},
            description = "Print the number of CPU sockets and exit.")
    boolean numberOfSockets;

    @Option(names = {"--minversion", "--min-version"}, paramLabel = "VERSION",
            description = "Print the GNU parallel version spool follows (20221122); exit 255 if older than VERSION.")
    String minVersion;

    @Option(names = "--onall", description = "Run all the jobs on each computer of -S, one at a time, in order.")
    boolean onall;

    @Option(names = "--nonall", description = "Run the command, with no input, once on each computer of -S.")
    boolean nonall;

    @Option(names = "--tty",
            description = "Jobs read the terminal (/dev/tty, when there is one); one job at a time and output"
                    + " not buffered (-j1 -u), unless -j or -g is given.")
    boolean tty;

    @Option(names = {"-o", "--open-tty"}, description = "Jobs read the terminal (/dev/tty, when there is one).")
    boolean openTty;

    @Option(names = {"--rrs", "--remove-rec-sep", "--removerecsep"},
            description = "With --pipe: remove the record separators (--recstart, --recend) from each block.")
    boolean removeRecSep;

    @Option(names = {"--record-env", "--recordenv"},
            description = "Write the names of this environment's variables to $PARALLEL_HOME/ignored_vars, which"
                    + " --env _ then leaves out, and exit.")
    boolean recordEnv;

    @Option(names = {"--sshdelay", "--ssh-delay"}, paramLabel = "SECONDS", converter = DelayConverter.class,
            description = "With -S: at least this long between the starts of two remote jobs.")
    java.time.Duration sshDelay;

    @Option(names = "--compress",
            description = "Accepted for GNU parallel's scripts; no effect: spool keeps a job's buffered output in an"
                    + " unnamed file that it does not compress (the output is the same).")
    boolean compress;

    @Option(names = {"--files", "--output-as-files", "--outputasfiles"},
            description = "Save each job's stdout in a new file in --tmpdir and print the file's name instead.")
    boolean files;

    @Option(names = "--_parset", hidden = true,
            description = "GNU parallel's option for its parset shell function: stdout as shell code that sets"
                    + " variables (var,NAME[,NAME...] or assoc,NAME) to the jobs' outputs.")
    String parset;

    @Option(names = {"--skip-first-line", "--skipfirstline"},
            description = "Do not use the first line of input (used with --shebang).")
    boolean skipFirstLine;

    @Option(names = {"--shebang", "--hashbang", "--shebang-wrap", "--shebangwrap"},
            description = "As the first argument, on a script's #! line: see docs/differences-from-gnu-parallel.md.")
    boolean shebangNotFirst;

    @Option(names = "--tee",
            description = "With --pipe: every job reads all of stdin; one job per input of ::: (all run at once:"
                    + " -j defaults to the number of jobs).")
    boolean tee;

    @Option(names = "--filter", paramLabel = "PERL",
            description = "Run only the jobs for which the Perl code PERL, with their values in place of the"
                    + " replacement strings, is true ('{1} < {2}'); others end as skipped. Repeatable.")
    List<String> filters = new ArrayList<>();

    @Option(names = {"--tmpl", "--template"}, paramLabel = "FILE=NAME",
            description = "Before each job, write FILE with the job's values in place of its replacement strings to"
                    + " NAME (itself with them replaced, such as my.tmpl={#}.conf); --cleanup removes it after the job."
                    + " Repeatable.")
    List<String> templates = new ArrayList<>();

    /** Not an option: {@code --header}'s column names, once the planner has read them; null before. */
    List<String> headerColumns;

    @Option(names = "--load", paramLabel = "MAX",
            description = "Start a job only while fewer than MAX processes run on the machine (N, N%%, +N, -N as for -j).")
    String load;

    @Option(names = "--memfree", paramLabel = "SIZE",
            description = "Start a job only while at least SIZE of memory is available (K, M, G, T suffixes).")
    String memFree;

    @Option(names = "--noswap", description = "Start a job only while the machine is not swapping both in and out.")
    boolean noSwap;

    @Option(names = "--parens", paramLabel = "OPENCLOSE",
            description = "Perl expressions between the two halves of OPENCLOSE instead of {= and =} (,,,, gives ,,perl,,).")
    String parens;

    @Option(names = {"--process-slot-var", "--processslotvar"}, paramLabel = "NAME",
            description = "Set the environment variable NAME to the job's slot number minus 1.")
    String processSlotVar;

    @Option(names = {"--max-line-length-allowed", "--maxlinelengthallowed"},
            description = "Print the longest command line (one argument of single bytes) that can run, and exit.")
    boolean maxLineLengthAllowed;

    @Option(names = {"--use-sockets-instead-of-threads", "--usesocketsinsteadofthreads",
            "--use-cpus-instead-of-cores", "--usecpusinsteadofcores"},
            description = "Count CPU sockets, not hardware threads, for -j N%%, +N and -N.")
    boolean useSockets;

    @Option(names = {"--use-cores-instead-of-threads", "--usecoresinsteadofthreads"},
            description = "Count CPU cores, not hardware threads, for -j N%%, +N and -N.")
    boolean useCores;

    @Option(names = {"--will-cite", "--willcite", "--nn", "--nonotice", "--no-notice", "--gnu"}, hidden = true,
            description = "Accepted, as in GNU parallel's scripts; spool prints no citation notice.")
    boolean willCite;

    @Parameters(paramLabel = "COMMAND", arity = "0..*",
            description = "The command and its arguments, then input sources: ::: values, :::: files, :::+ and ::::+ to link.")
    List<String> commandAndSources = new ArrayList<>();
}
