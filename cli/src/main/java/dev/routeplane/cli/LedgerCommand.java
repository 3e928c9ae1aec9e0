package dev.routeplane.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The ledger: what was billed, per tenant. */
@Command(
        name = "ledger",
        mixinStandardHelpOptions = true,
        description = "Export or report what the ledger billed.",
        subcommands = {LedgerServeCommand.class, LedgerExportCommand.class, LedgerReportCommand.class})
public final class LedgerCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
