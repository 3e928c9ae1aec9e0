package dev.routeplane.executors;

import dev.routeplane.config.Provider;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Objects;

/**
 * What a {@link ProviderAdapterFactory} gets to build an adapter.
 *
 * @param provider   the provider's configuration
 * @param baseUrl    the base URL to call: the configured one, or an override (the simulator in demos and tests)
 * @param httpClient the shared, non-blocking HTTP/1.1 client; adapters must not close it
 * @param clock      time source for rate-limit reset instants
 */
public record AdapterContext(Provider provider, URI baseUrl, HttpClient httpClient, Clock clock) {
    public AdapterContext {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(httpClient, "httpClient");
        Objects.requireNonNull(clock, "clock");
    }
}
