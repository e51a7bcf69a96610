package dev.spool.cli.remote;

import dev.spool.cli.job.JobArgs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --hostgroups}: an input value {@code VALUE@grp1+grp2} runs only on the {@code -S} computers of
 * those groups, as {@code VALUE}. As GNU parallel reads it: everything from a value's first {@code @} (when
 * something follows it) names the groups, and a job's groups are those of its first value; a job whose first
 * value names none runs on any computer.
 */
public final class Hostgroups {

    private Hostgroups() {}

    /** The groups {@code value} names, or null when it names none. */
    public static Set<String> of(String value) {
        int at = value.indexOf('@');
        if (at < 0 || at == value.length() - 1) {
            return null;
        }
        Set<String> groups = new LinkedHashSet<>();
        for (String group : value.substring(at + 1).split("\\+")) {
            if (!group.isEmpty()) {
                groups.add(group);
            }
        }
        return groups.isEmpty() ? null : Set.copyOf(groups);
    }

    /** {@code value} without the groups it names. */
    public static String strip(String value) {
        int at = value.indexOf('@');
        return at < 0 || at == value.length() - 1 ? value : value.substring(0, at);
    }

    /** The groups of a job ({@link #of} its first value), or null for any computer. */
    public static Set<String> ofJob(JobArgs args) {
        return args.values().isEmpty() ? null : of(args.values().getFirst());
    }

    /** The job's values without their groups. */
    public static JobArgs stripped(JobArgs args) {
        List<String> values = new ArrayList<>(args.values().size());
        for (String value : args.values()) {
            values.add(strip(value));
        }
        return new JobArgs(args.seq(), values);
    }
}
