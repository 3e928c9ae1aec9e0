package dev.routeplane.cli;

import picocli.CommandLine.Option;

/** {@code --demo-keys} of the services that authenticate tenants ({@code api}, {@code ledger serve}). */
public final class DemoKeysOption {

    @Option(
            names = "--demo-keys",
            description = "Tenants without a key in the environment accept the public demo key rp-demo-<tenant>."
                    + " For demos only.")
    boolean demoKeys;
}
