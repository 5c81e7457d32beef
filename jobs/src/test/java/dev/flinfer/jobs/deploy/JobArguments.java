package dev.flinfer.jobs.deploy;

import dev.flinfer.jobs.FlinferMain;
import dev.flinfer.jobs.JobOptions;
import java.util.List;
import picocli.CommandLine;

/** Job arguments as the job jar's own command line parses and validates them. */
final class JobArguments {
    private JobArguments() {}

    /**
     * Parses {@code args} with {@link FlinferMain#commandLine()} and runs the job's own checks;
     * throws picocli's ParameterException or IllegalArgumentException when the job would refuse
     * them.
     */
    static JobOptions parse(List<String> args) {
        CommandLine commandLine = FlinferMain.commandLine();
        CommandLine.ParseResult result = commandLine.parseArgs(args.toArray(String[]::new));
        if (result.hasSubcommand()) {
            throw new IllegalArgumentException("a subcommand is not a job: " + args);
        }
        // the @Mixin field of FlinferMain, as picocli filled it
        JobOptions options =
                (JobOptions) commandLine.getCommandSpec().mixins().get("options").userObject();
        options.validate();
        return options;
    }
}
