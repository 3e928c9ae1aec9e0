package dev.routeplane.executors.adapter.openai;

import dev.routeplane.executors.AdapterContext;
import dev.routeplane.executors.ProviderAdapter;
import dev.routeplane.executors.ProviderAdapterFactory;

/** Serves provider kind {@code openai-compatible}. */
public final class OpenAiCompatibleAdapterFactory implements ProviderAdapterFactory {
    @Override
    public String kind() {
        return "openai-compatible";
    }

    @Override
    public ProviderAdapter create(AdapterContext context) {
        return new OpenAiCompatibleAdapter(context.baseUrl(), context.httpClient(), context.clock());
    }
}
