package dev.routeplane.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/**
 * {@code --simulator-url}: the provider simulator stands in for the providers. The executors call it; the ledger asks
 * its usage lookup about calls whose executor died before recording them.
 */
final class SimulatorUrlOption {
    @Option(
            names = "--simulator-url",
            paramLabel = "URL",
            description = "The provider simulator at this URL (e.g. http://simulator:8089) stands in for the providers:"
                    + " executors call it (keys are then placeholders; without it, real keys come from the"
                    + " environment), the ledger settles unrecorded calls from its usage records.")
    URI url;

    /** The URL, or null when not given; checked to be {@code http(s)://host:port}. */
    URI url() {
        if (url != null && (url.getScheme() == null || url.getHost() == null)) {
            throw new IllegalArgumentException("--simulator-url " + url + " is not an http(s)://host:port URL");
        }
        return url;
    }
}
