package dev.spool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code spool example}: lists the library's examples and runs one. */
class ExampleCommandTest {

    @Test
    void example_noName_listsEveryExample() throws Exception {
        SpoolCli.Result result = SpoolCli.spool("example");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("producer-consumer", "stop-flag", "thread-it-out", "monitoring");
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
}
