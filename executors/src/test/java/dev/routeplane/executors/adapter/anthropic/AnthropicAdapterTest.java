package dev.routeplane.executors.adapter.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.executors.adapter.JsonHttpAdapter;
import dev.routeplane.executors.adapter.ProviderAdapterContractTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class AnthropicAdapterTest extends ProviderAdapterContractTest {
    @Override
    protected String provider() {
        return "anthropic";
    }

    @Override
    protected JsonHttpAdapter adapter(URI baseUrl, HttpClient http, Clock clock) {
        return new AnthropicAdapter(baseUrl, http, clock);
    }

    @Override
    protected String baseUrl(String root) {
        return root; // as configured: https://api.anthropic.com, no /v1
    }

    @Override
    protected String expectedPath() {
        return "/v1/messages";
    }

    @Override
    protected String sampleModel() {
        return "claude-3-5-haiku-20241022";
    }

    @Override
    protected void assertAuthenticated(Captured request) {
        assertThat(request.headers().get("X-api-key")).containsExactly(KEY);
        assertThat(request.headers().get("Anthropic-version")).containsExactly(AnthropicAdapter.API_VERSION);
    }

    @Test
    void reachesMessagesWhetherTheBaseUrlEndsInV1OrNot() {
        assertThat(AnthropicAdapter.manifest(URI.create("https://api.anthropic.com"))
                        .endpoint())
                .hasToString("https://api.anthropic.com/v1/messages");
        assertThat(AnthropicAdapter.manifest(URI.create("http://127.0.0.1:9/beta/v1"))
                        .endpoint())
                .hasToString("http://127.0.0.1:9/beta/v1/messages");
    }
}
