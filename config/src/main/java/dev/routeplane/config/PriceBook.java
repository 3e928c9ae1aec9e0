package dev.routeplane.config;

import java.time.Instant;

/**
 * The list price of each model at any moment. Only exposes prices: the billing rule (tokens × price, rounded
 * half-up to a whole micro-dollar per call) lives with the ledger. Implementations are immutable and
 * thread-safe.
 */
public interface PriceBook {

    /**
     * The price in force at {@code at}: the entry with the latest effective date (a UTC day) on or before
     * {@code at}'s UTC day.
     *
     * @param modelId a model id, not an alias (aliases move; a bill must name what was called)
     * @throws PriceNotFoundException if the model is unknown or has no price in force at {@code at}
     */
    ModelPrice priceAt(String modelId, Instant at);
}
