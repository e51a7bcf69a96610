package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For arbitrary byte strings as input values, each job receives exactly those bytes as its argument, with
 * and without a shell in between. Each try runs the real command once over a batch of values.
 */
class ArgumentBytesPropertyTest {

    @Provide
    Arbitrary<List<byte[]>> values() {
        Arbitrary<byte[]> value = Arbitraries.bytes().filter(b -> b != 0).array(byte[].class).ofMaxSize(40);
        return value.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 8)
    void directForm_everyValueArrivesByteForByte(@ForAll("values") List<byte[]> values) throws Exception {
        assertJobsReceive(values, "{WRITER} {}");
    }

    @Property(tries = 8)
    void shellForm_everyValueArrivesByteForByte(@ForAll("values") List<byte[]> values) throws Exception {
        assertJobsReceive(values, "{WRITER} {} ; true");
    }

    private static void assertJobsReceive(List<byte[]> values, String template) throws Exception {
        Path dir = Files.createTempDirectory("spool-bytes");
        try {
            Path writer = dir.resolve("writearg");
            Files.writeString(writer, "#!/bin/sh\nprintf %s \"$1\" > \"$OUT_DIR/$PARALLEL_SEQ\"\n");
            Files.setPosixFilePermissions(writer, PosixFilePermissions.fromString("rwx------"));
            Path out = Files.createDirectory(dir.resolve("out"));
            var input = new ByteArrayOutputStream();
            for (byte[] v : values) {
                input.write(v);
                input.write(0);
            }
            Files.write(dir.resolve("values"), input.toByteArray());
            List<String> command = new ArrayList<>(SpoolCli.spoolCommand("-0", "-j2", "-a", "values"));
            command.add(template.replace("{WRITER}", writer.toString()));
            SpoolCli.Result result = SpoolCli.run(command, null, dir, Map.of("OUT_DIR", out.toString()));

            assertThat(result.exit()).as(result.toString()).isZero();
            for (int i = 0; i < values.size(); i++) {
                assertThat(Files.readAllBytes(out.resolve(Integer.toString(i + 1))))
                        .as("value %d", i + 1).isEqualTo(values.get(i));
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp dir
            }
        }
    }
}
