package dev.spool.launch;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@code envp} array of a launch. The JVM's own environment is read once, byte for byte, from
 * the C global {@code environ} and kept as C strings for the life of the JVM, so an inherited environment
 * costs one pointer array per launch and nothing when unchanged.
 */
@SuppressWarnings("restricted") // reads C strings of unknown length
final class NativeEnvironment {

    /* Implementation notes: the snapshot is taken at class initialisation. Java code cannot change the
     * process environment, so it stays exact unless native code calls setenv, which we do not follow
     * (neither does ProcessBuilder, whose System.getenv() map is also a snapshot). Names are compared as
     * ISO-8859-1 strings: one char per byte, lossless. */

    private static final int[] NO_INDEXES = {};
    private static final Arena SNAPSHOT_ARENA = Arena.global();
    /** The entries' names, in environ order. */
    private static final List<String> NAMES;
    /** C strings of the entries, parallel to NAMES. */
    private static final List<MemorySegment> ENTRIES;
    /** Each name's indexes in NAMES (environ may hold a name twice: replacing or removing it drops both). */
    private static final Map<String, int[]> INDEX;
    /** NULL-terminated char*[] of ENTRIES. */
    private static final MemorySegment ENVP;

    static {
        List<String> names = new ArrayList<>();
        List<MemorySegment> entries = new ArrayList<>();
        MemorySegment array = Libc.environVariable().get(ADDRESS, 0).reinterpret(Long.MAX_VALUE);
        for (long i = 0; ; i++) {
            MemorySegment entry = array.getAtIndex(Libc.C_STRING, i);
            if (entry.equals(MemorySegment.NULL)) {
                break;
            }
            long len = 0;
            while (entry.get(JAVA_BYTE, len) != 0) {
                len++;
            }
            byte[] bytes = entry.asSlice(0, len).toArray(JAVA_BYTE);
            names.add(EnvEntries.nameKey(bytes));
            entries.add(Libc.cString(SNAPSHOT_ARENA, bytes));
        }
        NAMES = List.copyOf(names);
        ENTRIES = List.copyOf(entries);
        ENVP = pointerArray(SNAPSHOT_ARENA, ENTRIES);
        Map<String, int[]> index = new HashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            int[] before = index.getOrDefault(NAMES.get(i), new int[0]);
            int[] with = Arrays.copyOf(before, before.length + 1);
            with[before.length] = i;
            index.put(NAMES.get(i), with);
        }
        INDEX = Map.copyOf(index);
    }

    private NativeEnvironment() {}

    /** The {@code envp} for {@code environment}, allocated in {@code arena} unless it is the snapshot itself. */
    static MemorySegment envp(JobEnvironment environment, Arena arena) {
        return switch (environment) {
            case JobEnvironment.Exactly(List<byte[]> entries) -> {
                List<MemorySegment> strings = new ArrayList<>(entries.size());
                for (byte[] e : entries) {
                    strings.add(Libc.cString(arena, e));
                }
                yield pointerArray(arena, strings);
            }
            case JobEnvironment.Inherited(List<byte[]> set, List<byte[]> removed) -> {
                if (set.isEmpty() && removed.isEmpty()) {
                    yield ENVP;
                }
                yield inherited(set, removed, arena);
            }
        };
    }

    /**
     * The snapshot without the entries {@code set} replaces or {@code removed} names, then {@code set}'s
     * entries (of a name set twice, the later value, where the later one stands, as setenv would leave it).
     * Per launch: one lookup per name, no collections beyond the result.
     */
    private static MemorySegment inherited(List<byte[]> set, List<byte[]> removed, Arena arena) {
        boolean[] dropped = new boolean[ENTRIES.size()];
        for (byte[] r : removed) {
            drop(dropped, new String(r, StandardCharsets.ISO_8859_1));
        }
        // a few entries (spool sets five per job): the later of two of one name is found by a scan
        boolean[] superseded = new boolean[set.size()];
        String[] names = new String[set.size()];
        for (int i = 0; i < set.size(); i++) {
            names[i] = EnvEntries.nameKey(set.get(i));
            for (int j = 0; j < i; j++) {
                if (!superseded[j] && names[j].equals(names[i])) {
                    superseded[j] = true;
                }
            }
            drop(dropped, names[i]);
        }
        List<MemorySegment> strings = new ArrayList<>(ENTRIES.size() + set.size());
        for (int i = 0; i < ENTRIES.size(); i++) {
            if (!dropped[i]) {
                strings.add(ENTRIES.get(i));
            }
        }
        for (int i = 0; i < set.size(); i++) {
            if (!superseded[i]) {
                strings.add(Libc.cString(arena, set.get(i)));
            }
        }
        return pointerArray(arena, strings);
    }

    private static void drop(boolean[] dropped, String name) {
        for (int i : INDEX.getOrDefault(name, NO_INDEXES)) {
            dropped[i] = true;
        }
    }

    /** A NULL-terminated {@code char *[]} of {@code strings}. */
    static MemorySegment pointerArray(Arena arena, List<MemorySegment> strings) {
        MemorySegment array = arena.allocate(ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ADDRESS, i, strings.get(i));
        }
        array.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }
}
