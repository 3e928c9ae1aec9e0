package dev.routeplane.executors.adapter.anthropic;

import dev.routeplane.executors.AdapterContext;
import dev.routeplane.executors.ProviderAdapter;
import dev.routeplane.executors.ProviderAdapterFactory;

/** Serves provider kind {@code anthropic}. */
public final class AnthropicAdapterFactory implements ProviderAdapterFactory {
    @Override
    public String kind() {
        return "anthropic";
    }

    @Override
    public ProviderAdapter create(AdapterContext context) {
        return new AnthropicAdapter(context.baseUrl(), context.httpClient(), context.clock());
    }
}
