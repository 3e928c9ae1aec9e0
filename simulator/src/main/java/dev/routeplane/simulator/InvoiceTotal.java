package dev.routeplane.simulator;

/** Billed totals of one (provider, model). */
public record InvoiceTotal(
        String provider, String model, long calls, long inputTokens, long outputTokens, long costMicros) {}
