package dev.spool.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The SVG writer on synthetic cells: well-formed XML, one line per kind, serial as a baseline, text escaped. */
class SvgChartTest {

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void render_kindsAndFailedCell_oneLinePerKindBaselineForSerialFailedCellLeftOut() throws Exception {
        List<CellResult> cells = List.of(
                new CellResult("cpu", "serial", 1, List.of(100.0, 110.0), null),
                new CellResult("cpu", "platform", 1, List.of(100.0, 105.0), null),
                new CellResult("cpu", "platform", 2, List.of(190.0, 200.0), null),
                new CellResult("cpu", "process", 1, List.of(90.0), null),
                CellResult.failed("cpu", "process", 2, "boom"));

        Document svg = parse(SvgChart.render("a <title> & more", "2 CPUs", cells, "tasks/s"));

        assertThat(svg.getDocumentElement().getAttribute("xmlns")).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(svg.getElementsByTagName("polyline").getLength()).isEqualTo(2);
        assertThat(svg.getElementsByTagName("circle").getLength()).isEqualTo(3);
        assertThat(svg.getDocumentElement().getTextContent()).contains("a <title> & more", "serial", "process");
    }

    @Test
    void render_noMeasuredCell_stillValidAndSaysSo() throws Exception {
        Document svg = parse(SvgChart.render("t", "m", List.of(CellResult.failed("cpu", "platform", 1, "x")), "tasks/s"));

        assertThat(svg.getDocumentElement().getTextContent()).contains("no cell was measured");
    }
}
