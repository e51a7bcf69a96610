package dev.spool.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.testing.Await;
import dev.spool.testing.TestTimeouts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TermSequenceTest {

    private final PosixSpawnLauncher launcher = PosixSpawnLauncher.unguarded();

    @Test
    void parse_defaultSequence_hasGnuParallelsFourSteps() {
        assertThat(TermSequence.DEFAULT.steps()).containsExactly(
                new TermSequence.Step(15, Duration.ofMillis(200)), new TermSequence.Step(15, Duration.ofMillis(100)),
                new TermSequence.Step(15, Duration.ofMillis(50)), new TermSequence.Step(9, Duration.ofMillis(25)));
        assertThat(TermSequence.DEFAULT).hasToString("TERM,200,TERM,100,TERM,50,KILL,25");
    }

    @Test
    void parse_numbersAndPrefixedNames_areAccepted() {
        assertThat(TermSequence.parse("2,10,SIGHUP,0,kill,5").steps()).containsExactly(
                new TermSequence.Step(2, Duration.ofMillis(10)), new TermSequence.Step(1, Duration.ZERO),
                new TermSequence.Step(9, Duration.ofMillis(5)));
    }

    @Test
    void parse_badTokens_failNamingTokenAndPosition() {
        assertThatThrownBy(() -> TermSequence.parse("TERM,200,BOGUS,100"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token 3").hasMessageContaining("BOGUS");
        assertThatThrownBy(() -> TermSequence.parse("TERM,2x0"))
                .hasMessageContaining("token 2").hasMessageContaining("\"2x0\"");
        assertThatThrownBy(() -> TermSequence.parse("TERM,-5")).hasMessageContaining("\"-5\"");
        assertThatThrownBy(() -> TermSequence.parse("TERM,200,KILL"))
                .hasMessageContaining("\"KILL\"").hasMessageContaining("no milliseconds");
        assertThatThrownBy(() -> TermSequence.parse("TERM,,KILL,25")).hasMessageContaining("token 2");
        assertThatThrownBy(() -> TermSequence.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> TermSequence.parse("99,10")).hasMessageContaining("\"99\"");
    }

    @Test
    void apply_jobThatDiesOfTerm_stopsAfterTheFirstSignal() throws Exception {
        LaunchedJob job = launcher.launch(JobSpec.builder("sleep", "100").build());
        TermSequence.Result r = TermSequence.parse("TERM," + TestTimeouts.SHORT.toMillis() + ",KILL,25").apply(job);
        assertThat(r.signalsSent()).isEqualTo(1);
        assertThat(r.exitStatus()).contains(new ExitStatus.Killed(15, false));
        assertThat(r.groupGone()).isTrue();
    }

    @Test
    void apply_jobTrappingTerm_endsByKill() throws Exception {
        LaunchedJob job = launcher.launch(JobSpec.builder("sh", "-c", "trap '' TERM; echo ready; sleep 100")
                .stdout(Redirect.PIPE).build());
        assertThat(new BufferedReader(new InputStreamReader(job.stdout(), StandardCharsets.UTF_8)).readLine())
                .isEqualTo("ready");

        TermSequence.Result r = TermSequence.parse("TERM,20,TERM,20,KILL," + TestTimeouts.SHORT.toMillis()).apply(job);

        assertThat(r.signalsSent()).isEqualTo(3);
        assertThat(r.exitStatus()).contains(new ExitStatus.Killed(9, false));
        assertThat(r.groupGone()).isTrue();
    }

    @Test
    void apply_grandchildIgnoringTermAfterLeaderDied_isKilledToo() throws Exception {
        LaunchedJob job = launcher.launch(JobSpec.builder("sh", "-c", "(trap '' TERM; sleep 100) & echo $!; wait")
                .stdout(Redirect.PIPE).build());
        long grandchild = Long.parseLong(
                new BufferedReader(new InputStreamReader(job.stdout(), StandardCharsets.UTF_8)).readLine());
        Await.within(TestTimeouts.SHORT, "the grandchild ignores TERM", () -> {
            try {
                return (Long.parseLong(ProcFs.status(grandchild, "SigIgn"), 16) & (1L << 14)) != 0;
            } catch (Exception e) {
                return false;
            }
        });

        TermSequence.Result r = TermSequence.parse("TERM,50,KILL," + TestTimeouts.SHORT.toMillis()).apply(job);

        assertThat(r.exitStatus()).contains(new ExitStatus.Killed(15, false));
        assertThat(r.signalsSent()).isEqualTo(2);
        assertThat(r.groupGone()).isTrue();
        Await.within(TestTimeouts.SHORT, "the grandchild gone", () -> ProcFs.isGone(grandchild));
    }

    @Test
    void apply_jobAlreadyEnded_sendsNothing() throws Exception {
        LaunchedJob job = launcher.launch(JobSpec.builder("true").build());
        job.waitFor();
        TermSequence.Result r = TermSequence.DEFAULT.apply(job);
        assertThat(r).isEqualTo(new TermSequence.Result(java.util.Optional.of(new ExitStatus.Exited(0)), 0, true));
    }

    @Test
    void constructor_noSteps_isRejected() {
        assertThatThrownBy(() -> new TermSequence(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
