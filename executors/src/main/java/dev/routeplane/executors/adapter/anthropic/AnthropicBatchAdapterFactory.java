package dev.routeplane.executors.adapter.anthropic;

import dev.routeplane.executors.AdapterContext;
import dev.routeplane.executors.ProviderBatchAdapter;
import dev.routeplane.executors.ProviderBatchAdapterFactory;

/** Serves provider kind {@code anthropic} with the Message Batches API. */
public final class AnthropicBatchAdapterFactory implements ProviderBatchAdapterFactory {
    @Override
    public String kind() {
        return "anthropic";
    }

    @Override
    public ProviderBatchAdapter create(AdapterContext context) {
        return new AnthropicBatchAdapter(context.baseUrl(), context.httpClient(), context.clock());
    }
}
