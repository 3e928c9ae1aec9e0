package dev.routeplane.cli;

import dev.routeplane.api.PublicListenGuard;
import dev.routeplane.api.TenantAuthenticator;
import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.config.RouteplaneConfig;
import picocli.CommandLine.Option;

/**
 * Tenant keys and the listening address of the services that authenticate tenants ({@code api}, {@code ledger
 * serve}): {@code --demo-keys} and {@code --bind-address}, checked together before the service starts.
 */
public final class TenantKeyOptions {

    @Option(
            names = "--demo-keys",
            description = "Tenants without a key in the environment accept the public demo key rp-demo-<tenant>."
                    + " For demos on this machine only: the service then listens on loopback, and refuses any"
                    + " other --bind-address.")
    boolean demoKeys;

    @Option(
            names = "--bind-address",
            paramLabel = "ADDRESS",
            description = "Interface to listen on (default: 0.0.0.0, or 127.0.0.1 with --demo-keys). An address"
                    + " other than loopback is refused while any tenant's key is missing or weak, or demo keys"
                    + " are on; the error names each tenant and the variable or file to set.")
    String bindAddress;

    /** The tenants' keys from the environment and files, checked against the address: nothing has started yet. */
    TenantAuthenticator authenticator(String service, RouteplaneConfig config) {
        TenantAuthenticator authenticator =
                TenantAuthenticator.fromConfig(config, EnvAndFileSecretResolver.system(), demoKeys);
        PublicListenGuard.check(service, host(authenticator), authenticator);
        return authenticator;
    }

    /** The address to listen on: the one given, else the default for these keys. */
    String host(TenantAuthenticator authenticator) {
        return bindAddress != null ? bindAddress : PublicListenGuard.defaultHost(authenticator);
    }
}
