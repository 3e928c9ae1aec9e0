package dev.routeplane.cli;

import picocli.CommandLine;

/** Reports the version recorded in the jar manifest, or "development" when run from classes. */
public final class RouteplaneVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = RouteplaneVersion.class.getPackage().getImplementationVersion();
        return new String[] {"routeplane " + (version == null ? "development" : version)};
    }
}
