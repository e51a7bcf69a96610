package dev.spool.cli;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The start-up fast path of {@code spool run}: fills {@link RunOptions} from an ordinary command line
 * without building picocli's model, which costs about 100 ms of a job runner's start. It reads the option
 * names from the same {@code @Option} annotations, so there is one definition of the options; it handles
 * only the plain forms ({@code -j4}, {@code -j 4}, {@code --jobs 4}, {@code --jobs=4}, {@code -k}), and
 * converts a typed value with the very converter its {@code @Option} names, as picocli does. It gives up
 * (empty) on anything else — help, clusters, unknown or malformed options, values a converter refuses —
 * which then goes through picocli for its full parsing and messages.
 */
final class FastRunParser {

    /** Where an option's value goes, and the converter its {@code @Option} names, or null for none. */
    private record Target(Field field, boolean flag, ITypeConverter<?> converter) {}

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
                    target.field().setBoolean(options, true);
                    continue;
                }
                if (value == null) {
                    if (i >= args.length) {
                        return Optional.empty();
                    }
                    value = args[i++];
                }
                set(options, target, value);
            }
        } catch (Exception e) { // a bad value (the converter's UsageException, NumberFormatException), or a bug
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

    @SuppressWarnings("unchecked")
    private static void set(RunOptions options, Target target, String value) throws Exception {
        Field field = target.field();
        Class<?> type = field.getType();
        if (target.converter() != null) {
            field.set(options, target.converter().convert(value));
        } else if (type == String.class) {
            field.set(options, value);
        } else if (type == Integer.class) {
            field.set(options, Integer.valueOf(value));
        } else if (type == List.class) {
            ((List<String>) field.get(options)).add(value);
        } else {
            throw new NoSuchFieldException("unsupported option type " + type + " of " + field.getName());
        }
    }

    private static Map<String, Target> options() {
        Map<String, Target> byName = new HashMap<>();
        for (Field field : RunOptions.class.getDeclaredFields()) {
            Option option = field.getAnnotation(Option.class);
            if (option == null) {
                continue;
            }
            field.setAccessible(true);
            boolean flag = field.getType() == boolean.class;
            Target target = new Target(field, flag, converter(option));
            for (String name : option.names()) {
                byName.put(name, target);
            }
        }
        return byName;
    }

    /** A new instance of the converter {@code option} names, as picocli makes one; null if it names none. */
    private static ITypeConverter<?> converter(Option option) {
        Class<? extends ITypeConverter<?>>[] converters = option.converter();
        if (converters.length == 0) {
            return null;
        }
        try {
            return converters[0].getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + converters[0].getName(), e);
        }
    }
}
