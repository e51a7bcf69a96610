package dev.spool.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.cli.UsageException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting the benchmarked command, counting its jobs, and when xargs can run it. */
class ShellWorkloadTest {

    @Test
    void parse_templateAndGroups_jobsAreTheProductOfGroupSizes() {
        var workload = ShellWorkload.parse(List.of("echo", "{1}", "{2}", ":::", "a", "b", ":::", "x", "y", "z"));

        assertThat(workload.template()).containsExactly("echo", "{1}", "{2}");
        assertThat(workload.jobs()).isEqualTo(6);
        assertThat(workload.xargs(2).command()).isEmpty();
        assertThat(workload.xargs(2).skipped()).contains("one input group");
    }

    @Test
    void xargs_singleBraces_usesReplaceMode_noBraces_appendsOnePerCall() {
        assertThat(ShellWorkload.parse(List.of("gzip", "-kf", "{}", ":::", "f1")).xargs(3).command())
                .hasValue(List.of("xargs", "-0", "-P", "3", "-I", "{}", "gzip", "-kf", "{}"));
        assertThat(ShellWorkload.parse(List.of("true", ":::", "f1")).xargs(2).command())
                .hasValue(List.of("xargs", "-0", "-P", "2", "-n", "1", "true"));
        assertThat(ShellWorkload.parse(List.of("cp", "{}", "{.}.bak", ":::", "f1")).xargs(2).skipped())
                .contains("single {}");
    }

    @Test
    void parse_noInputsOrFileInputs_usageErrorNamingTheCommand() {
        assertThatThrownBy(() -> ShellWorkload.parse(List.of("echo", "hi")))
                .isInstanceOf(UsageException.class).hasMessageContaining("'echo hi'").hasMessageContaining(":::");
        assertThatThrownBy(() -> ShellWorkload.parse(List.of("echo", "::::", "list.txt")))
                .isInstanceOf(UsageException.class).hasMessageContaining("'::::'");
    }
}
