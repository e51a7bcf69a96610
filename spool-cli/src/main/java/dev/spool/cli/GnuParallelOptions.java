package dev.spool.cli;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** GNU parallel options that spool knows of and does not support, with what to do instead. */
final class GnuParallelOptions {

    private static final Map<String, String> UNSUPPORTED = new TreeMap<>();

    static {
        for (String remote : new String[] {"--rsync-opts", "--rsyncopts"}) {
            UNSUPPORTED.put(remote, "spool's remote execution (-S, --transferfile, --return, --cleanup, --basefile,"
                    + " --workdir, --env) has no such option");
        }
        for (String pipe : new String[] {"--block-timeout", "--blocktimeout", "--bt",
                "--shard", "--bin"}) {
            UNSUPPORTED.put(pipe, "spool's --pipe has no such variant");
        }
        for (String sql : new String[] {"--sqlmaster", "--sqlworker", "--sqlandworker", "--sql", "--sql-and-worker",
                "--sql-master", "--sql-worker"}) {
            UNSUPPORTED.put(sql, "put the jobs in a PostgreSQL queue with --queue NAME (and --db URL), and run them"
                    + " with spool worker (docs/postgres.md)");
        }
        for (String other : new String[] {"--tmux", "--tmuxpane",
                "--memsuspend", "--limit",
                "--csv",
                "--colour", "--color", "--ctag", "--ctagstring",
                "--citation", "--bibtex",
                "--embed", "--keep-order-unchecked", "--retry-failed-later",
                "--ungroup-lines", "-e", "--max-lines", "-l",
                "--max-procs-per-host", "--progress-bar-color", "--total-jobs", "--joblog-no-header",
                "-p", "--interactive", "--return-code",
                "--bug", "--cf", "--color-fail", "--color-failed",
                "--colorfail", "--colorfailed", "--colour-fail", "--colour-failed", "--colourfail", "--colourfailed",
                "--compress-program", "--compressprogram", "--ctag-string", "--ctrl-c", "--ctrlc", "--debug", "-D",
                "--decompress-program", "--decompressprogram",
                "--latest-line", "--latestline",
                "--ll", "--linkinputsource", "--xapplyinputsource",
                "--maxlines", "--no-ctrl-c", "--no-ctrlc", "--noctrlc",
                "--session",
                "--shell-completion", "--shellcompletion", "--show-limits",
                "--showlimits", "--tmux-pane", "--tollef", "--total", "--totaljobs", "--use-compress-program",
                "--usecompressprogram", "--use-decompress-program", "--usedecompressprogram",
                "-i"}) {
            UNSUPPORTED.put(other, null);
        }
    }

    private GnuParallelOptions() {}

    /** A message for an option GNU parallel has and spool does not, or empty if {@code option} is not one. */
    static Optional<String> unsupported(String option) {
        String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
        if (!UNSUPPORTED.containsKey(name)) {
            return Optional.empty();
        }
        String why = UNSUPPORTED.get(name);
        return Optional.of(name + " is a GNU parallel option that spool does not support"
                + (why == null ? "" : ": " + why));
    }
}
