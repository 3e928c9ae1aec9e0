package dev.routeplane.config;

import static dev.routeplane.config.Fixtures.errorLines;
import static dev.routeplane.config.Fixtures.minimalWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ModelsValidationTest {
    private static final String GPT4O_PRICE =
            "{ effectiveFrom: 2024-08-06, inputPerMillion: \"2.50\", outputPerMillion: \"10.00\" }";

    @Test
    void rejectsAModelOfAnUndeclaredProvider() {
        assertThat(errorLines(minimalWith("provider: openai", "provider: opnai")))
                .containsExactly(
                        "routeplane.yaml: models.gpt-4o.provider: unknown provider 'opnai'; did you mean 'openai'? known"
                                + " providers: ollama-local, openai");
    }

    @Test
    void rejectsANegativePrice() {
        assertThat(errorLines(minimalWith("inputPerMillion: \"2.50\"", "inputPerMillion: -2.50")))
                .containsExactly(
                        "routeplane.yaml: models.gpt-4o.prices[0].inputPerMillion: must not be negative, was -2.50");
    }

    @Test
    void rejectsAPriceFinerThanAMicroDollar() {
        assertThat(errorLines(minimalWith("outputPerMillion: \"10.00\"", "outputPerMillion: 10.0000005")))
                .containsExactly("routeplane.yaml: models.gpt-4o.prices[0].outputPerMillion: 10.0000005 has more"
                        + " than 6 decimal places; amounts are kept in whole micro-dollars, so round to at most 6");
    }

    @Test
    void readsUnquotedDecimalPricesExactly() {
        // 0.1 + 0.2 style values would drift through a double; six decimals must survive intact.
        String yaml = minimalWith(
                "inputPerMillion: \"2.50\", outputPerMillion: \"10.00\"",
                "inputPerMillion: 0.123457, outputPerMillion: 10.1");

        Model model = RouteplaneConfig.parse(yaml, Fixtures.SOURCE).models().get("gpt-4o");

        assertThat(model.prices()).containsExactly(new ModelPrice(LocalDate.of(2024, 8, 6), 123_457L, 10_100_000L));
    }

    @Test
    void rejectsEffectiveDatesThatDoNotStrictlyIncrease() {
        String yaml = minimalWith(
                GPT4O_PRICE,
                GPT4O_PRICE
                        + "\n      - { effectiveFrom: 2024-08-06, inputPerMillion: 2, outputPerMillion: 8 }"
                        + "\n      - { effectiveFrom: 2024-01-01, inputPerMillion: 2, outputPerMillion: 8 }");

        assertThat(errorLines(yaml))
                .containsExactly(
                        "routeplane.yaml: models.gpt-4o.prices[1].effectiveFrom: 2024-08-06 must be after the previous"
                                + " entry's 2024-08-06; list prices oldest first with distinct dates",
                        "routeplane.yaml: models.gpt-4o.prices[2].effectiveFrom: 2024-01-01 must be after the previous"
                                + " entry's 2024-08-06; list prices oldest first with distinct dates");
    }

    @Test
    void requiresAtLeastOnePrice() {
        assertThat(errorLines(minimalWith("      - " + GPT4O_PRICE, "      []")))
                .containsExactly(
                        "routeplane.yaml: models.gpt-4o.prices: declare at least one price; every call must be billable");
    }

    @Test
    void rejectsAQualityPriorOutsideZeroToOne() {
        assertThat(errorLines(minimalWith("qualityPrior: 0.9", "qualityPrior: 1.2")))
                .containsExactly("routeplane.yaml: models.gpt-4o.qualityPrior: must be between 0 and 1, was 1.2");
    }

    @Test
    void rejectsMoreOutputThanTheContextWindowHolds() {
        assertThat(errorLines(minimalWith("maxOutputTokens: 2048", "maxOutputTokens: 9000")))
                .containsExactly(
                        "routeplane.yaml: models.tiny-local.maxOutputTokens: must not exceed contextWindow (8192), was 9000");
    }

    @Test
    void rejectsAnUnknownCapabilityAndAMisspeltKey() {
        String yaml = minimalWith("capabilities: [tools, json]", "capabilites: [tools, jsn]");

        assertThat(errorLines(yaml))
                .containsExactly(
                        "routeplane.yaml: models.gpt-4o.capabilites: unknown key 'capabilites'; did you mean 'capabilities'?"
                                + " allowed keys here: provider, providerModel, version, contextWindow, maxOutputTokens,"
                                + " capabilities, tier, qualityPrior, latencyPriorMs, prices");
    }

    @Test
    void rejectsAnAliasToAnUnknownModel() {
        assertThat(errorLines(minimalWith("stable: gpt-4o", "stable: gpt-4")))
                .containsExactly(
                        "routeplane.yaml: aliases.stable: unknown model 'gpt-4'; did you mean 'gpt-4o'? known models:"
                                + " gpt-4o, tiny-local");
    }

    @Test
    void rejectsAnAliasNamedLikeAModel() {
        String yaml = minimalWith("  stable: gpt-4o", "  stable: gpt-4o\n  tiny-local: gpt-4o");

        assertThat(errorLines(yaml))
                .containsExactly(
                        "routeplane.yaml: aliases.tiny-local: alias 'tiny-local' has the same name as a model; lanes could not"
                                + " tell which one they mean, so rename the alias");
    }
}
