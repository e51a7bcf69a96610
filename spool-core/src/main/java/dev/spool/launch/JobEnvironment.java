package dev.spool.launch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A job's environment: either exactly a list of {@code NAME=value} entries, or the JVM's own environment
 * (as the process received it, byte for byte) with some variables set and some removed. Entries are byte
 * strings, so values that are not valid in any charset reach the job unchanged. Immutable.
 */
public sealed interface JobEnvironment {

    /** The JVM's environment, unchanged. */
    static Inherited inherit() {
        return Inherited.UNCHANGED;
    }

    /**
     * Exactly {@code entries}, each {@code NAME=value} with a non-empty name and no NUL byte.
     *
     * @throws IllegalArgumentException naming the first malformed entry
     */
    static Exactly exactly(List<byte[]> entries) {
        return new Exactly(copyEntries(entries));
    }

    /**
     * The same environment with {@code name} set to {@code value}, replacing any earlier value.
     *
     * @throws IllegalArgumentException if the name is empty or holds '=' or NUL, or the value holds NUL
     */
    JobEnvironment with(byte[] name, byte[] value);

    /** The same environment without the variable {@code name} (UTF-8), if it was there. */
    JobEnvironment without(String name);

    /** {@link #with(byte[], byte[])} for UTF-8 strings. */
    default JobEnvironment with(String name, String value) {
        return with(name.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    /** The JVM's environment with {@code set} entries set (later wins) and {@code removed} names unset. */
    record Inherited(List<byte[]> set, List<byte[]> removed) implements JobEnvironment {
        // Every job's environment is built from inherit() by a few with() calls: loops, not streams, and
        // one shared empty value (JFR, 20,000 jobs of `true`: these took a quarter of the workers' time).
        private static final Inherited UNCHANGED = new Inherited(List.of(), List.of());

        public Inherited {
            set = copyEntries(set);
            List<byte[]> names = new ArrayList<>(removed.size());
            for (byte[] name : removed) {
                checkName(name);
                names.add(name.clone());
            }
            removed = List.copyOf(names);
        }

        @Override
        public Inherited with(byte[] name, byte[] value) {
            List<byte[]> next = new ArrayList<>(set.size() + 1);
            next.addAll(set);
            next.add(entry(name, value));
            List<byte[]> stillRemoved = removed;
            if (!removed.isEmpty()) {
                stillRemoved = new ArrayList<>(removed.size());
                for (byte[] r : removed) {
                    if (!Arrays.equals(r, name)) {
                        stillRemoved.add(r);
                    }
                }
            }
            return new Inherited(next, stillRemoved);
        }

        @Override
        public Inherited without(String name) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            checkName(bytes);
            List<byte[]> next = new ArrayList<>(removed);
            next.add(bytes);
            List<byte[]> stillSet = set.stream().filter(e -> !EnvEntries.hasName(e, bytes)).toList();
            return new Inherited(stillSet, next);
        }
    }

    /** Exactly these entries. */
    record Exactly(List<byte[]> entries) implements JobEnvironment {
        public Exactly {
            entries = copyEntries(entries);
        }

        @Override
        public Exactly with(byte[] name, byte[] value) {
            byte[] entry = entry(name, value);
            List<byte[]> next = new ArrayList<>();
            for (byte[] e : entries) {
                if (!EnvEntries.hasName(e, name)) {
                    next.add(e);
                }
            }
            next.add(entry);
            return new Exactly(next);
        }

        @Override
        public Exactly without(String name) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            checkName(bytes);
            return new Exactly(entries.stream().filter(e -> !EnvEntries.hasName(e, bytes)).toList());
        }
    }

    private static List<byte[]> copyEntries(List<byte[]> entries) {
        List<byte[]> copy = new ArrayList<>(entries.size());
        for (byte[] e : entries) {
            int eq = EnvEntries.indexOf(e, (byte) '=');
            if (eq <= 0 || EnvEntries.indexOf(e, (byte) 0) >= 0) {
                throw new IllegalArgumentException("environment entry must be NAME=value without NUL bytes, got \""
                        + new String(e, StandardCharsets.ISO_8859_1) + "\"");
            }
            copy.add(e.clone());
        }
        return List.copyOf(copy);
    }

    private static void checkName(byte[] name) {
        if (name.length == 0 || EnvEntries.indexOf(name, (byte) '=') >= 0 || EnvEntries.indexOf(name, (byte) 0) >= 0) {
            throw new IllegalArgumentException("environment variable name must be non-empty without '=' or NUL, got \""
                    + new String(name, StandardCharsets.ISO_8859_1) + "\"");
        }
    }

    private static byte[] entry(byte[] name, byte[] value) {
        checkName(name);
        byte[] e = new byte[name.length + 1 + value.length];
        System.arraycopy(name, 0, e, 0, name.length);
        e[name.length] = '=';
        System.arraycopy(value, 0, e, name.length + 1, value.length);
        return e;
    }
}
