package dev.spool.launch;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private static final Arena SNAPSHOT_ARENA = Arena.global();
    /** The entries' names, in environ order. */
    private static final List<String> NAMES;
    /** C strings of the entries, parallel to NAMES. */
    private static final List<MemorySegment> ENTRIES;
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
                Map<String, byte[]> overrides = new LinkedHashMap<>();
                for (byte[] e : set) {
                    String name = EnvEntries.nameKey(e);
                    overrides.remove(name); // a later value moves to the end, as setenv would leave it
                    overrides.put(name, e);
                }
                Set<String> dropped = new HashSet<>(overrides.keySet());
                for (byte[] r : removed) {
                    dropped.add(new String(r, java.nio.charset.StandardCharsets.ISO_8859_1));
                }
                List<MemorySegment> strings = new ArrayList<>(ENTRIES.size() + overrides.size());
                for (int i = 0; i < ENTRIES.size(); i++) {
                    if (!dropped.contains(NAMES.get(i))) {
                        strings.add(ENTRIES.get(i));
                    }
                }
                for (byte[] e : overrides.values()) {
                    strings.add(Libc.cString(arena, e));
                }
                yield pointerArray(arena, strings);
            }
        };
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
