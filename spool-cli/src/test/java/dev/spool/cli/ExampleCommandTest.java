package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.examples.ProducerConsumer;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code spool example}: lists the library's examples and runs one. The examples expected are found in the
 * examples module itself (every public class of {@code dev.spool.examples} with a {@code main}), not taken
 * from the command's list, so that an example the command misses fails here.
 */
class ExampleCommandTest {

    private static final String PACKAGE = ProducerConsumer.class.getPackageName();

    @Test
    void example_noName_listsEveryExampleClassOfTheExamplesModule() throws Exception {
        SpoolCli.Result result = SpoolCli.spool("example");

        assertThat(result.exit()).as(result.toString()).isZero();
        List<String> listed = result.out().lines().map(line -> line.trim().split("\\s+", 2)[0]).toList();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(exampleNames().toList());
    }

    @ParameterizedTest(name = "spool example {0}")
    @MethodSource("exampleNames")
    void example_everyExampleOfTheExamplesModule_runsToCompletionWithoutErrors(String name) throws Exception {
        SpoolCli.Result result = SpoolCli.spool("example", name);

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.err()).as(result.toString()).isEmpty();
        assertThat(result.out()).as(result.toString()).isNotBlank();
    }

    @Test
    void example_producerConsumer_runsAndReportsNothingLost() throws Exception {
        SpoolCli.Result result = SpoolCli.spool("example", "producer-consumer");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("produced 1000, consumed 1000").contains("nothing lost");
    }

    @Test
    void example_unknownName_exit255NamingIt() throws Exception {
        SpoolCli.Result result = SpoolCli.spool("example", "no-such-example");

        assertThat(result.exit()).isEqualTo(255);
        assertThat(result.err()).contains("no-such-example");
    }

    /** The name {@code spool example} must know each example class by: {@code ThreadItOut} is {@code thread-it-out}. */
    static Stream<String> exampleNames() throws IOException, URISyntaxException {
        return exampleClasses().stream()
                .map(c -> Pattern.compile("(?<=[a-z])(?=[A-Z])").matcher(c.getSimpleName()).replaceAll("-")
                        .toLowerCase(java.util.Locale.ROOT));
    }

    /** The public top-level classes of the examples' package that have {@code public static void main(String[])}. */
    private static List<Class<?>> exampleClasses() throws IOException, URISyntaxException {
        Path location = Path.of(ProducerConsumer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String dir = PACKAGE.replace('.', '/') + "/";
        List<String> entries = new ArrayList<>();
        if (Files.isDirectory(location)) { // the module's target/classes
            try (Stream<Path> files = Files.list(location.resolve(dir))) {
                files.forEach(file -> entries.add(dir + file.getFileName()));
            }
        } else { // its jar
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream().map(java.util.jar.JarEntry::getName).forEach(entries::add);
            }
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String entry : entries) {
            if (!entry.startsWith(dir) || !entry.endsWith(".class") || entry.contains("$")
                    || entry.indexOf('/', dir.length()) >= 0) {
                continue;
            }
            String className = PACKAGE + "." + entry.substring(dir.length(), entry.length() - ".class".length());
            Class<?> type;
            try {
                type = Class.forName(className, false, ExampleCommandTest.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError("listed but not loadable: " + className, e);
            }
            if (Modifier.isPublic(type.getModifiers()) && hasMain(type)) {
                classes.add(type);
            }
        }
        assertThat(classes).as("example classes found in " + location).isNotEmpty();
        return classes;
    }

    private static boolean hasMain(Class<?> type) {
        try {
            Method main = type.getMethod("main", String[].class);
            return Modifier.isStatic(main.getModifiers()) && main.getReturnType() == void.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
