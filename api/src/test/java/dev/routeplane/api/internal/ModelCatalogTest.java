package dev.routeplane.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.config.RouteplaneConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each tenant of the bundled config may ask for. */
class ModelCatalogTest {
    private static final RouteplaneConfig CONFIG = RouteplaneConfig.defaults();
    private static final ModelCatalog CATALOG = ModelCatalog.of(CONFIG, ApiFixtures.NOW);

    private static List<String> ids(String tenant) {
        return CATALOG.list(tenant).stream().map(m -> m.get("id").asText()).toList();
    }

    @Test
    void autoComesFirstThenAliasesThenModelsAndATenantWithoutLimitsSeesThemAll() {
        List<String> acme = ids("acme");

        assertThat(acme.get(0)).isEqualTo("auto");
        assertThat(acme.subList(1, 1 + CONFIG.aliases().size()))
                .containsExactlyElementsOf(CONFIG.aliases().keySet());
        assertThat(acme).containsAll(CONFIG.models().keySet());
        assertThat(acme).hasSize(1 + CONFIG.aliases().size() + CONFIG.models().size());
    }

    @Test
    void aProviderAllowlistAndDefaultTagsRemoveWhatThePolicyForbids() {
        assertThat(ids("tightwad")).contains("gpt-4o-mini", "prod-cheap").doesNotContain("claude-sonnet-4");
        for (ObjectNode model : CATALOG.list("tightwad")) {
            String provider = model.path("routeplane").path("provider").asText("routeplane");
            assertThat(provider).isIn("routeplane", "openai", "mistral", "vllm-internal", "ollama-local");
        }
        assertThat(ids("globex-eu")).contains("eu-default").doesNotContain("prod-stable", "gpt-4o");
    }

    @Test
    void entriesAreOpenAiModelObjectsAndAnUnknownTenantGetsOnlyAuto() {
        ObjectNode alias = CATALOG.find("acme", "prod-cheap").orElseThrow();
        ObjectNode model = CATALOG.find("acme", "gpt-4o-mini").orElseThrow();

        assertThat(alias.get("object").asText()).isEqualTo("model");
        assertThat(alias.get("owned_by").asText()).isEqualTo("routeplane");
        assertThat(alias.at("/routeplane/alias_of").asText())
                .isEqualTo(CONFIG.aliases().get("prod-cheap"));
        assertThat(model.get("owned_by").asText()).isEqualTo("openai");
        assertThat(model.get("created").asLong())
                .isEqualTo(CONFIG.models()
                        .get("gpt-4o-mini")
                        .prices()
                        .get(0)
                        .effectiveFrom()
                        .atStartOfDay()
                        .toEpochSecond(java.time.ZoneOffset.UTC));
        assertThat(CATALOG.find("acme", "no-such-model")).isEmpty();
        assertThat(ids("no-such-tenant")).containsExactly("auto");
    }
}
