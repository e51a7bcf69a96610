package dev.spool.cli.bench;

import dev.spool.cli.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The user's shell workload: the words after {@code --}, a command template followed by {@code :::} groups
 * of input values. Spool and GNU parallel get the words as they are; xargs gets the values on stdin.
 *
 * @param words the words after {@code --}
 * @param template the command template (the words before the first {@code :::})
 * @param groups the values of each {@code :::} group
 */
public record ShellWorkload(List<String> words, List<String> template, List<List<String>> groups) {

    /** Splits {@code words}; only {@code :::} groups are supported, so that the job count is known. */
    public static ShellWorkload parse(List<String> words) {
        List<String> template = new ArrayList<>();
        List<List<String>> groups = new ArrayList<>();
        for (String word : words) {
            if (word.equals(":::")) {
                groups.add(new ArrayList<>());
            } else if (word.startsWith("::::") || word.equals(":::+")) {
                throw new UsageException("bench: '" + word + "': a benchmarked command takes its inputs from"
                        + " ::: groups only");
            } else if (groups.isEmpty()) {
                template.add(word);
            } else {
                groups.getLast().add(word);
            }
        }
        if (template.isEmpty()) {
            throw new UsageException("bench: no command before ':::' in '" + String.join(" ", words) + "'");
        }
        if (groups.isEmpty() || groups.stream().anyMatch(List::isEmpty)) {
            throw new UsageException("bench: the command '" + String.join(" ", words)
                    + "' needs input values after ::: (spool bench -- command {} ::: a b c)");
        }
        return new ShellWorkload(List.copyOf(words), List.copyOf(template),
                groups.stream().map(List::copyOf).toList());
    }

    /** How many jobs one run starts: every combination of the groups' values, as GNU parallel does. */
    public long jobs() {
        return groups.stream().mapToLong(List::size).reduce(1, Math::multiplyExact);
    }

    /**
     * The xargs command line for {@code -P parallel}, or why xargs cannot run this workload: it needs one
     * input group and a template with one {@code {}} or no replacement string at all.
     */
    public Either xargs(int parallel) {
        if (groups.size() != 1) {
            return Either.skip("xargs takes one input group; this command has " + groups.size());
        }
        long braces = template.stream().filter(w -> w.contains("{")).count();
        long plain = template.stream().filter(w -> w.equals("{}")).count();
        List<String> command = new ArrayList<>(List.of("xargs", "-0", "-P", String.valueOf(parallel)));
        if (braces == 0) {
            command.addAll(List.of("-n", "1"));
        } else if (braces == 1 && plain == 1) {
            command.addAll(List.of("-I", "{}"));
        } else {
            return Either.skip("xargs needs a single {} or no replacement string");
        }
        command.addAll(template);
        return new Either(Optional.of(command), null);
    }

    /** The values fed to xargs: NUL-terminated. */
    public byte[] xargsInput() {
        var text = new StringBuilder();
        groups.getFirst().forEach(v -> text.append(v).append('\0'));
        return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A command line to run, or the reason it is skipped. */
    public record Either(Optional<List<String>> command, String skipped) {
        static Either skip(String reason) {
            return new Either(Optional.empty(), reason);
        }
    }
}
