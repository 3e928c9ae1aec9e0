package dev.routeplane.config.internal;

import dev.routeplane.config.Model;
import dev.routeplane.config.ModelPrice;
import dev.routeplane.config.PriceBook;
import dev.routeplane.config.PriceNotFoundException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** The price book of a loaded configuration; relies on the loader's guarantee that dates strictly increase. */
public final class ConfiguredPriceBook implements PriceBook {
    private final Map<String, Model> models;

    public ConfiguredPriceBook(Map<String, Model> models) {
        this.models = models;
    }

    @Override
    public ModelPrice priceAt(String modelId, Instant at) {
        Model model = models.get(modelId);
        if (model == null) {
            throw new PriceNotFoundException(
                    modelId,
                    at,
                    "no price for unknown model '" + modelId + "' at " + at + "; known models: "
                            + String.join(", ", models.keySet()));
        }
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        List<ModelPrice> prices = model.prices();
        // Histories are a handful of entries long, so a backwards scan beats building an index.
        for (int i = prices.size() - 1; i >= 0; i--) {
            if (!prices.get(i).effectiveFrom().isAfter(day)) {
                return prices.get(i);
            }
        }
        throw new PriceNotFoundException(
                modelId,
                at,
                "model '" + modelId + "' has no price in force at " + at + "; its first price is effective from "
                        + prices.get(0).effectiveFrom());
    }
}
