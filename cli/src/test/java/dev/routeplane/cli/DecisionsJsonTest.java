package dev.routeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.contract.AliasBinding;
import dev.routeplane.router.AliasHistory;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DecisionsJsonTest {

    @Test
    void mapsRecordsToPlainJsonWithoutUnionWrappers() {
        AliasBinding a = AliasHistory.rebind(
                null, "fast", "openai", "gpt-4o-mini", null, null, null, Instant.parse("2025-01-01T00:00:00Z"));
        AliasBinding b = AliasHistory.rebind(
                a, "fast", "anthropic", "claude", "v2", "canary", "ops", Instant.parse("2025-02-01T00:00:00Z"));

        JsonNode json = DecisionsJson.toJson(b);

        assertThat(json.get("alias").asText()).isEqualTo("fast");
        assertThat(json.get("version").asText()).isEqualTo("v2");
        assertThat(json.get("weights").isNull()).isTrue();
        assertThat(json.get("boundAt").asText()).isEqualTo("2025-02-01T00:00:00Z");
        assertThat(json.at("/previous/0/model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(json.at("/previous/0/version").isNull()).isTrue();
    }
}
