package dev.spool.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GNU parallel's {@code --shebang} and {@code --shebang-wrap}: spool as the interpreter of a script's first
 * line. Linux gives the interpreter the rest of that line as one argument, then the script's path, then the
 * script's own arguments; this turns them into an ordinary command line, as GNU parallel does:
 * <ul>
 *   <li>{@code #!/path/spool --shebang OPTIONS COMMAND}: the script's other lines are the input
 *       ({@code --skip-first-line -a SCRIPT OPTIONS COMMAND});
 *   <li>{@code #!/path/spool --shebang-wrap [OPTIONS] PROGRAM [ARGS]}: the script is run by PROGRAM once per
 *       argument given to the script ({@code OPTIONS PROGRAM ARGS SCRIPT ::: ARGUMENTS}), or per line of
 *       stdin when it has none.
 * </ul>
 */
final class Shebang {

    private static final Pattern WRAP = Pattern.compile("--shebang-?wrap(?: .*)?", Pattern.DOTALL);
    private static final Pattern FIRST = Pattern.compile("--(shebang-?wrap|shebang|hashbang)(?: +(.*))?", Pattern.DOTALL);

    private Shebang() {}

    /** The command line a shebang line stands for; {@code args} itself when it is not one. */
    static String[] expand(String[] args) {
        if (args.length > 2 && args[0].equals("--semaphore") && FIRST.matcher(args[1]).matches()) {
            // bin/sem puts --semaphore first: #!/path/sem --shebang-wrap ... is sem's own shebang line. As
            // GNU's sem, which gets them after a ::: that a semaphore's one job does not read, the script's
            // own arguments are not passed on: sem runs PROGRAM SCRIPT
            int end = WRAP.matcher(args[1]).matches() ? 3 : args.length;
            String[] rest = expand(Arrays.copyOfRange(args, 1, end));
            String[] out = new String[rest.length + 1];
            out[0] = "--semaphore";
            System.arraycopy(rest, 0, out, 1, rest.length);
            return out;
        }
        if (args.length < 2) {
            return args;
        }
        Matcher m = FIRST.matcher(args[0]);
        if (!m.matches()) {
            return args;
        }
        List<String> words = m.group(2) == null ? List.of() : GnuParallelProfiles.shellWords(m.group(2));
        List<String> out = new ArrayList<>();
        if (m.group(1).startsWith("shebang") && !m.group(1).equals("shebang")) { // --shebang-wrap, --shebangwrap
            out.addAll(words);
            out.add(args[1]);
            if (args.length > 2) {
                out.add(":::");
                out.addAll(Arrays.asList(args).subList(2, args.length));
            }
        } else {
            out.addAll(List.of("--skip-first-line", "-a", args[args.length - 1]));
            out.addAll(words);
            out.addAll(Arrays.asList(args).subList(1, args.length - 1));
        }
        return out.toArray(String[]::new);
    }
}
