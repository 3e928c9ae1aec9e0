package dev.routeplane.executors.adapter.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.executors.adapter.JsonHttpAdapter;
import dev.routeplane.executors.adapter.ProviderAdapterContractTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleAdapterTest extends ProviderAdapterContractTest {
    @Override
    protected String provider() {
        return "openai";
    }

    @Override
    protected JsonHttpAdapter adapter(URI baseUrl, HttpClient http, Clock clock) {
        return new OpenAiCompatibleAdapter(baseUrl, http, clock);
    }

    @Override
    protected String baseUrl(String root) {
        return root + "/v1";
    }

    @Override
    protected String expectedPath() {
        return "/v1/chat/completions";
    }

    @Override
    protected String sampleModel() {
        return "gpt-4o-mini-2024-07-18";
    }

    @Override
    protected void assertAuthenticated(Captured request) {
        assertThat(request.headers().get("Authorization")).containsExactly("Bearer " + KEY);
    }

    @Test
    void sendsMaxCompletionTokensOnlyToOpenAiItself() {
        OpenAiCompatibleAdapter openAi =
                new OpenAiCompatibleAdapter(URI.create("https://api.openai.com/v1"), HttpClient.newHttpClient(), CLOCK);
        OpenAiCompatibleAdapter vllm = new OpenAiCompatibleAdapter(
                URI.create("http://vllm.internal:8000/v1"), HttpClient.newHttpClient(), CLOCK);

        assertThat(openAi.mapRequest(sampleCall()).path("max_completion_tokens").asInt())
                .isEqualTo(256);
        assertThat(openAi.mapRequest(sampleCall()).has("max_tokens")).isFalse();
        assertThat(vllm.mapRequest(sampleCall()).path("max_tokens").asInt()).isEqualTo(256);
        assertThat(vllm.manifest().endpoint()).hasToString("http://vllm.internal:8000/v1/chat/completions");
    }
}
