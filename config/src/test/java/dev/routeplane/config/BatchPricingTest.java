package dev.routeplane.config;

import static dev.routeplane.config.Fixtures.errorLines;
import static dev.routeplane.config.Fixtures.minimalWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchPricingTest {

    private static final String GPT4O_PRICE =
            "      - { effectiveFrom: 2024-08-06, inputPerMillion: \"2.50\", outputPerMillion: \"10.00\" }\n";

    @Test
    void aPriceWithoutBatchPricesChargesHalfThroughTheBatchApi() {
        ModelPrice price = RouteplaneConfig.parse(Fixtures.minimal(), Fixtures.SOURCE)
                .priceBook()
                .priceAt("gpt-4o", Instant.parse("2025-01-01T00:00:00Z"));

        assertThat(price.batchInputMicrosPerMillion()).isEqualTo(1_250_000);
        assertThat(price.batchOutputMicrosPerMillion()).isEqualTo(5_000_000);
        assertThat(price.forMode(true).inputMicrosPerMillion()).isEqualTo(1_250_000);
        assertThat(price.forMode(false)).isSameAs(price);
    }

    @Test
    void batchPricesFollowTheirOwnEffectiveDates() {
        String yaml = minimalWith(
                GPT4O_PRICE,
                GPT4O_PRICE
                        + "      - { effectiveFrom: 2025-03-01, inputPerMillion: \"2.50\", outputPerMillion: \"10.00\",\n"
                        + "          batchInputPerMillion: \"1.00\", batchOutputPerMillion: \"4.00\" }\n");
        PriceBook book = RouteplaneConfig.parse(yaml, Fixtures.SOURCE).priceBook();

        assertThat(book.priceAt("gpt-4o", Instant.parse("2025-02-28T23:59:59Z")).batchInputMicrosPerMillion())
                .isEqualTo(1_250_000);
        ModelPrice march = book.priceAt("gpt-4o", Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(march.batchInputMicrosPerMillion()).isEqualTo(1_000_000);
        assertThat(march.batchOutputMicrosPerMillion()).isEqualTo(4_000_000);
        assertThat(march.inputMicrosPerMillion()).isEqualTo(2_500_000);
    }

    @Test
    void rejectsABatchPriceThatIsNotAnAmount() {
        String yaml = minimalWith(
                "outputPerMillion: \"10.00\" }", "outputPerMillion: \"10.00\", batchInputPerMillion: half }");

        assertThat(errorLines(yaml))
                .containsExactly("routeplane.yaml: models.gpt-4o.prices[0].batchInputPerMillion: 'half' is not a USD"
                        + " amount; write a decimal such as 2.50");
    }

    @Test
    void aProviderUsesItsBatchApiOnlyWhenTheConfigurationSaysSoWithTheKindsLimitsByDefault() {
        String yaml = minimalWith("        maxInFlight: 4\n", "        maxInFlight: 4\n    batchApi: {}\n");
        RouteplaneConfig config = RouteplaneConfig.parse(yaml, Fixtures.SOURCE);

        assertThat(config.providers().get("openai").batchApi())
                .hasValue(new ProviderBatchApi(50_000, 200L * 1024 * 1024, 86_400_000L));
        assertThat(config.providers().get("ollama-local").batchApi()).isEmpty();
    }

    @Test
    void rejectsAnUnknownOrOutOfRangeBatchApiSetting() {
        String yaml = minimalWith(
                "        maxInFlight: 4\n",
                "        maxInFlight: 4\n    batchApi: { maxRequestsPerBatch: 0, turnaround: 5 }\n");

        assertThat(errorLines(yaml))
                .anySatisfy(l -> assertThat(l)
                        .startsWith(
                                "routeplane.yaml: providers.openai.batchApi.maxRequestsPerBatch: must be at least 1"))
                .anySatisfy(
                        l -> assertThat(l).contains("providers.openai.batchApi").contains("turnaround"));
    }

    @Test
    void theBundledConfigurationUsesTheBatchApisOfOpenAiAndAnthropicOnly() {
        RouteplaneConfig bundled = RouteplaneConfig.defaults();

        assertThat(bundled.providers().values())
                .filteredOn(p -> p.batchApi().isPresent())
                .extracting(Provider::id)
                .containsExactlyInAnyOrder("openai", "anthropic");
        assertThat(bundled.priceBook()
                        .priceAt("gpt-4o-mini", Instant.parse("2025-06-01T00:00:00Z"))
                        .batchOutputMicrosPerMillion())
                .isEqualTo(300_000);
    }
}
