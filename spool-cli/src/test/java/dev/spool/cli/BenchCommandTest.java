package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** {@code spool bench} end to end, in a child JVM: table, recommendation, JSON, SVG, bad input. */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void bench_tinyConfiguration_printsTableAndWritesDocumentedJsonAndParsableSvg() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "bench", "--kinds", "platform,virtual", "--workers", "1,2",
                "--workloads", "tiny", "--tasks", "200", "--runs", "2", "--warmup", "0",
                "--json", "out.json", "--chart", "out.svg");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("platform", "virtual", "median tasks/s", "min-max")
                .containsPattern("tiny: (recommendation|no clear winner|no recommendation): ");
        assertThat(result.err()).contains("[8/8]");

        JsonNode json = new ObjectMapper().readTree(dir.resolve("out.json").toFile());
        assertThat(json.path("date").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(json.path("command").get(0).asText()).isEqualTo("spool");
        assertThat(json.path("command").toString()).contains("--kinds", "platform,virtual");
        JsonNode machine = json.path("machine");
        assertThat(machine.path("cpus").asInt()).isPositive();
        assertThat(machine.path("memoryBytes").asLong()).isPositive();
        assertThat(machine.path("jvm").asText()).contains("25");
        assertThat(machine.path("os").asText()).isNotBlank();
        assertThat(json.path("settings").path("runs").asInt()).isEqualTo(2);
        assertThat(json.path("settings").path("workers").toString()).isEqualTo("[1,2]");
        JsonNode cells = json.path("cells");
        assertThat(cells).hasSize(4);
        List<String> labels = new ArrayList<>();
        for (JsonNode cell : cells) {
            labels.add(cell.path("label").asText());
            assertThat(cell.path("workload").asText()).isEqualTo("tiny");
            assertThat(cell.path("samples")).hasSize(2);
            assertThat(cell.path("error").isNull()).isTrue();
            double median = cell.path("median").asDouble();
            assertThat(median).isPositive().isBetween(cell.path("min").asDouble(), cell.path("max").asDouble());
            assertThat(cell.path("spread").asDouble())
                    .isCloseTo(cell.path("max").asDouble() / cell.path("min").asDouble(), within(1e-9));
            assertThat(cell.path("tooWide").asBoolean()).isEqualTo(cell.path("spread").asDouble() > 1.5);
        }
        assertThat(labels).containsExactly("platform x1", "platform x2", "virtual x1", "virtual x2");
        assertThat(json.path("recommendations")).hasSize(1);

        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("out.svg").toFile());
        assertThat(svg.getDocumentElement().getNodeName()).isEqualTo("svg");
        assertThat(svg.getElementsByTagName("polyline").getLength()).isEqualTo(2);
        NodeList texts = svg.getElementsByTagName("text");
        List<String> words = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            words.add(texts.item(i).getTextContent());
        }
        assertThat(words).contains("platform", "virtual", "workers", "tasks/s", "tiny");
    }

    @Test
    void bench_shellCommandVsOthers_measuresEachJAndPrintsRatiosAgainstXargs() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "bench", "--workers", "1,2", "--runs", "2",
                "--warmup", "0", "--vs", "--", "true", "{}", ":::", "a", "b", "c");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("spool -j", "jobs/s")
                .contains("ratio: command: spool -j1 / xargs -P1 = ")
                .contains("ratio: command: spool -j2 / xargs -P2 = ")
                .containsPattern("command: (recommendation: spool -j[12]|no clear winner|no recommendation: spool -j[12])");
        if (Files.isExecutable(Path.of("/usr/bin/parallel"))) {
            assertThat(result.out()).contains("/ parallel -j2 = ");
        }
    }

    @Test
    void bench_vsOnJavaTasks_pairsProcessWorkersWithPythonMultiprocessing() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "bench", "--kinds", "platform", "--workers", "1",
                "--workloads", "tiny", "--tasks", "2000", "--runs", "2", "--warmup", "0", "--vs");

        assertThat(result.exit()).as(result.toString()).isZero();
        if (dev.spool.cli.bench.ShellBenchAccess.onPath("python3")) {
            assertThat(result.out()).containsPattern("ratio: tiny: spool process x\\d+ / python mp.Pool.map x\\d+ = ");
        } else {
            assertThat(result.out()).contains("python3 not installed, skipped");
        }
    }

    @Test
    void bench_userTask_measuredOnEveryKindIncludingChildJvms() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "bench", "--task", "dev.spool.cli.bench.PrefixTask",
                "--kinds", "serial,platform,process", "--workers", "1", "--runs", "1", "--warmup", "0",
                "--json", "out.json");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("PrefixTask").containsPattern("PrefixTask: (recommendation|no clear"
                + " winner|no recommendation): ").doesNotContain("tiny", "sleep");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("out.json").toFile());
        assertThat(json.path("settings").path("task").asText()).isEqualTo("dev.spool.cli.bench.PrefixTask");
        List<String> labels = new ArrayList<>();
        for (JsonNode cell : json.path("cells")) {
            labels.add(cell.path("label").asText());
            assertThat(cell.path("workload").asText()).isEqualTo("PrefixTask");
            assertThat(cell.path("error").isNull()).as(cell.toString()).isTrue();
        }
        assertThat(labels).containsExactly("serial x1", "platform x1", "process x1");
    }

    @Test
    void bench_userTaskWithInputsFile_feedsTheLines_aFailingLineFailsTheCell() throws Exception {
        Files.writeString(dir.resolve("good.txt"), "ok-1\nok-22\n");
        Files.writeString(dir.resolve("bad.txt"), "ok-1\nboom-7\n");

        SpoolCli.Result good = SpoolCli.spool(null, dir, "bench", "--task", "dev.spool.cli.bench.PrefixTask",
                "--inputs", "good.txt", "--kinds", "platform", "--workers", "1", "--runs", "1", "--warmup", "0");
        SpoolCli.Result bad = SpoolCli.spool(null, dir, "bench", "--task", "dev.spool.cli.bench.PrefixTask",
                "--inputs", "bad.txt", "--kinds", "platform", "--workers", "1", "--runs", "1", "--warmup", "0");

        assertThat(good.exit()).as(good.toString()).isZero();
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(1);
        assertThat(bad.out()).contains("not ok: boom-7");
    }

    @Test
    void bench_failingCommand_cellsShowTheErrorAndExit1() throws Exception {
        SpoolCli.Result result = SpoolCli.spool(null, dir, "bench", "--workers", "1,2", "--runs", "1",
                "--warmup", "0", "--", "false", "{}", ":::", "a");

        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("failed: spool exited with 1").contains("no cell was measured");
    }

    @Test
    void bench_nonsenseValues_exit255WithOneLineNamingTheValue() throws Exception {
        String[][] cases = {
            {"--workers", "1,x", "'x'"},
            {"--kinds", "platform,green", "'green'"},
            {"--runs", "0", "--runs must be at least 1, was 0"},
            {"--sleep", "forever", "'forever'"},
            {"--workloads", "disk", "'disk'"},
            {"--task", "no.such.Task", "no class no.such.Task on spool's class path"},
            {"--inputs", "in.txt", "--inputs needs --task CLASS"},
        };
        for (String[] c : cases) {
            SpoolCli.Result result = SpoolCli.spool("bench", c[0], c[1]);

            assertThat(result.exit()).as(result.toString()).isEqualTo(255);
            assertThat(result.err()).as(result.toString()).contains(c[2]);
            assertThat(result.err().strip().lines()).as(result.toString()).hasSize(1);
            assertThat(result.out()).isEmpty();
        }
    }
}
