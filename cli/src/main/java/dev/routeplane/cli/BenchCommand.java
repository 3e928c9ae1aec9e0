package dev.routeplane.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Benchmarks that print their figures; none of them runs as a test. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Run a benchmark and print its figures.",
        subcommands = {
            BenchRouterCommand.class,
            BenchExecutorCommand.class,
            BenchRoutingCommand.class,
            BenchBatchCommand.class,
            BenchE2eCommand.class
        })
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
