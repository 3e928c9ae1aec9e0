package dev.routeplane.executors.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.executors.RateLimitSnapshot;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitHeaderParserTest {
    static final Instant NOW = Instant.parse("2025-05-01T12:00:00Z");

    @ParameterizedTest
    @CsvSource({
        "1s,1000",
        "6m0s,360000",
        "120ms,120",
        "1m30.5s,90500",
        "1h2m3s,3723000",
        "0s,0",
        "250us,1",
        "'',-1",
        "soon,-1",
        "5x,-1",
        "1s2,-1"
    })
    void readsGoDurationsAsOpenAiSendsThem(String text, long millis) {
        assertThat(RateLimitHeaderParser.goDurationMillis(text)).isEqualTo(millis);
    }

    @Test
    void readsRetryAfterAsSecondsOrHttpDate() {
        assertThat(RateLimitHeaderParser.retryAfterMillis("2", NOW)).isEqualTo(2_000);
        assertThat(RateLimitHeaderParser.retryAfterMillis("0.5", NOW)).isEqualTo(500);
        assertThat(RateLimitHeaderParser.retryAfterMillis("Thu, 01 May 2025 12:00:30 GMT", NOW))
                .isEqualTo(30_000);
        assertThat(RateLimitHeaderParser.retryAfterMillis("later", NOW)).isEqualTo(-1);
        assertThat(RateLimitHeaderParser.retryAfterMillis(null, NOW)).isEqualTo(-1);
    }

    @Test
    void readsOpenAiQuotaHeadersIntoHeadroom() {
        RateLimitSnapshot s = RateLimitHeaderParser.openAi(
                headers(Map.of(
                        "x-ratelimit-limit-requests",
                        "500",
                        "x-ratelimit-remaining-requests",
                        "50",
                        "x-ratelimit-reset-requests",
                        "6m0s",
                        "x-ratelimit-limit-tokens",
                        "10000",
                        "x-ratelimit-remaining-tokens",
                        "9000",
                        "x-ratelimit-reset-tokens",
                        "1s")),
                NOW);

        assertThat(s.remainingRequests()).hasValue(50);
        assertThat(s.requestsResetAt()).isEqualTo(NOW.plusSeconds(360));
        assertThat(s.headroom(NOW)).isEqualTo(0.1);
        assertThat(s.headroom(NOW.plusSeconds(361))).isEqualTo(1.0);
    }

    @Test
    void readsAnthropicQuotaHeadersWithRfc3339Resets() {
        RateLimitSnapshot s = RateLimitHeaderParser.anthropic(
                headers(Map.of(
                        "anthropic-ratelimit-requests-limit",
                        "4000",
                        "anthropic-ratelimit-requests-remaining",
                        "1000",
                        "anthropic-ratelimit-requests-reset",
                        "2025-05-01T12:00:20Z",
                        "anthropic-ratelimit-tokens-limit",
                        "400000",
                        "anthropic-ratelimit-tokens-remaining",
                        "40000",
                        "anthropic-ratelimit-tokens-reset",
                        "2025-05-01T12:00:05Z",
                        "retry-after",
                        "7")),
                NOW);

        assertThat(s.requestsResetAt()).isEqualTo(Instant.parse("2025-05-01T12:00:20Z"));
        assertThat(s.retryAfterMillis()).isEqualTo(7_000);
        assertThat(s.headroom(NOW)).isEqualTo(0.1);
        assertThat(s.headroom(NOW.plusSeconds(10))).isEqualTo(0.25);
    }

    @Test
    void ignoresMalformedHeaders() {
        RateLimitSnapshot s = RateLimitHeaderParser.openAi(
                headers(Map.of("x-ratelimit-remaining-requests", "many", "x-ratelimit-reset-requests", "whenever")),
                NOW);

        assertThat(s.remainingRequests()).isEmpty();
        assertThat(s.headroom(NOW)).isEqualTo(1.0);
    }

    static HttpHeaders headers(Map<String, String> values) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        values.forEach((k, v) -> map.put(k, List.of(v)));
        return HttpHeaders.of(map, (a, b) -> true);
    }
}
