package dev.spool.cli.run;

import dev.spool.cli.job.CommandTemplate;
import dev.spool.cli.job.JobArgs;
import dev.spool.cli.job.JobCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A job to run: its input values and the template that makes its command, rendered once its slot is known
 * ({@code {%}}); or, for {@code --retry-failed}, a logged shell line.
 *
 * @param seq the job's sequence number ({@code {#}}, {@code $PARALLEL_SEQ}), from 1
 * @param args the input values, or null for a logged line
 * @param template the command template, or null for a logged line
 * @param tagTemplate the {@code --tagstring} template, or null to tag with the values
 * @param loggedLine the shell line from a joblog, or null
 * @param loggedShell the shell that runs {@code loggedLine}, or null for none
 * @param resultsTemplate the {@code --results} name with replacement strings, or null
 * @param feed the block that a {@code --pipe} job reads, or null for a job of input values
 * @param files the files {@code --tmpl} writes before the job, or null
 * @param hostgroups {@code --hostgroups}: the groups of {@code -S} computers the job may run on (its first
 *                   value's {@code @grp+grp}); null for any computer
 */
public record PlannedJob(long seq, JobArgs args, CommandTemplate template, CommandTemplate tagTemplate,
                         String loggedLine, String loggedShell, CommandTemplate resultsTemplate,
                         dev.spool.cli.pipe.PipeFeed feed, dev.spool.cli.job.FileTemplates files,
                         java.util.Set<String> hostgroups) {

    /** A job that may run on any computer. */
    public PlannedJob(long seq, JobArgs args, CommandTemplate template, CommandTemplate tagTemplate,
                      String loggedLine, String loggedShell, CommandTemplate resultsTemplate,
                      dev.spool.cli.pipe.PipeFeed feed, dev.spool.cli.job.FileTemplates files) {
        this(seq, args, template, tagTemplate, loggedLine, loggedShell, resultsTemplate, feed, files, null);
    }

    /** A job without {@code --tmpl} files. */
    public PlannedJob(long seq, JobArgs args, CommandTemplate template, CommandTemplate tagTemplate,
                      String loggedLine, String loggedShell, CommandTemplate resultsTemplate,
                      dev.spool.cli.pipe.PipeFeed feed) {
        this(seq, args, template, tagTemplate, loggedLine, loggedShell, resultsTemplate, feed, null);
    }

    /** A job of input values, or a logged line: no block to read. */
    public PlannedJob(long seq, JobArgs args, CommandTemplate template, CommandTemplate tagTemplate,
                      String loggedLine, String loggedShell, CommandTemplate resultsTemplate) {
        this(seq, args, template, tagTemplate, loggedLine, loggedShell, resultsTemplate, null);
    }

    /** Where {@code --results NAME} with replacement strings saves this job's output, or null. */
    public String resultsName(int slot) {
        return resultsTemplate == null || args == null ? null : resultsTemplate.renderPlain(args, slot);
    }

    /** The command to launch in job slot {@code slot}. */
    public JobCommand command(int slot) {
        if (loggedLine != null) {
            return new JobCommand(List.of(bytes(loggedShell), bytes("-c"), bytes(loggedLine)), true, loggedLine);
        }
        return template.render(args, slot);
    }

    /** What {@code --tag} puts before each output line. */
    public String tag(int slot) {
        if (tagTemplate != null) {
            return tagTemplate.renderPlain(args, slot); // GNU parallel inserts the values as they are
        }
        if (args == null) {
            return loggedLine;
        }
        return String.join(" ", args.values().stream().filter(v -> !JobArgs.isNoArg(v)).toList());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
