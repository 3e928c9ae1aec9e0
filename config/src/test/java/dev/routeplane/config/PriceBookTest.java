package dev.routeplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PriceBookTest {
    private final PriceBook prices = RouteplaneConfig.defaults().priceBook();

    @Test
    void chargesThePromotionalPriceUntilTheLastSecondBeforeTheChange() {
        ModelPrice price = prices.priceAt("deepseek-chat", Instant.parse("2025-02-08T23:59:59.999Z"));

        assertThat(price).isEqualTo(new ModelPrice(LocalDate.of(2024, 12, 26), 140_000L, 280_000L));
    }

    @Test
    void chargesTheNewPriceFromMidnightUtcOfItsEffectiveDate() {
        assertThat(prices.priceAt("deepseek-chat", Instant.parse("2025-02-09T00:00:00Z")))
                .isEqualTo(new ModelPrice(LocalDate.of(2025, 2, 9), 270_000L, 1_100_000L));
        assertThat(prices.priceAt("deepseek-chat", Instant.parse("2026-01-01T12:00:00Z"))
                        .outputMicrosPerMillion())
                .isEqualTo(1_100_000L);
    }

    @Test
    void failsNamingModelAndInstantBeforeTheFirstPrice() {
        Instant before = Instant.parse("2024-12-25T10:00:00Z");

        PriceNotFoundException e =
                catchThrowableOfType(PriceNotFoundException.class, () -> prices.priceAt("deepseek-chat", before));

        assertThat(e.getMessage())
                .isEqualTo("model 'deepseek-chat' has no price in force at 2024-12-25T10:00:00Z;"
                        + " its first price is effective from 2024-12-26");
        assertThat(e.modelId()).isEqualTo("deepseek-chat");
        assertThat(e.at()).isEqualTo(before);
    }

    @Test
    void failsForAnAliasBecauseBillsNameConcreteModels() {
        PriceNotFoundException e = catchThrowableOfType(
                PriceNotFoundException.class,
                () -> prices.priceAt("prod-stable", Instant.parse("2025-06-01T00:00:00Z")));

        assertThat(e.getMessage())
                .startsWith("no price for unknown model 'prod-stable' at 2025-06-01T00:00:00Z;"
                        + " known models: gpt-4o, gpt-4o-mini, ");
    }
}
