package dev.routeplane.executors.adapter.openai;

import dev.routeplane.executors.AdapterContext;
import dev.routeplane.executors.ProviderBatchAdapter;
import dev.routeplane.executors.ProviderBatchAdapterFactory;

/** Serves provider kind {@code openai-compatible} with the OpenAI Batch API. */
public final class OpenAiBatchAdapterFactory implements ProviderBatchAdapterFactory {
    @Override
    public String kind() {
        return "openai-compatible";
    }

    @Override
    public ProviderBatchAdapter create(AdapterContext context) {
        return new OpenAiBatchAdapter(context.baseUrl(), context.httpClient(), context.clock());
    }
}
