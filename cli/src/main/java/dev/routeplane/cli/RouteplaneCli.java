package dev.routeplane.cli;

import dev.routeplane.cli.chaos.ChaosCommand;
import dev.routeplane.cli.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code routeplane} command line: one subcommand per user-facing job. */
@Command(
        name = "routeplane",
        mixinStandardHelpOptions = true,
        versionProvider = RouteplaneVersion.class,
        description = "Routes LLM requests across providers and models as an event-driven pipeline on Apache Kafka.",
        subcommands = {
            DemoCommand.class,
            UpCommand.class,
            PlatformCommand.class,
            ChaosCommand.class,
            SubmitCommand.class,
            StatusCommand.class,
            TopicsCommand.class,
            DecisionsCommand.class,
            AliasCommand.class,
            ApproveCommand.class,
            LedgerCommand.class,
            SimulatorCommand.class,
            BenchCommand.class,
            RouterCommand.class,
            LearnerCommand.class,
            ExecutorsCommand.class,
            ApiCommand.class,
            GateCommand.class,
            CommandLine.HelpCommand.class
        },
        commandListHeading = "%nCommands:%n",
        footer = {"", "Run 'routeplane <command> --help' for a command's options."})
public final class RouteplaneCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // On a machine with fewer than three cores the JDK's common pool starts a new thread per task, and
        // java.net.http.HttpClient completes every response through it: thousands of thread starts per second
        // under load. A pool of at least two keeps it a pool. Must be set before anything touches the pool.
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(
                    COMMON_POOL_PARALLELISM,
                    String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
        }
        System.exit(newCommandLine().execute(args));
    }

    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    /** The configured command line, shared by {@link #main} and tests so both parse identically. */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new RouteplaneCli());
        cli.setExecutionExceptionHandler(new CliErrorHandler());
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
