package dev.routeplane.router;

/**
 * A candidate that passed every policy constraint, with its cost bounds at decision time.
 *
 * @param candidate             the candidate
 * @param maxOutputTokens       the request's output cap limited by the model's own maximum
 * @param inputPriceMicros      input price per million tokens in force
 * @param outputPriceMicros     output price per million tokens in force
 * @param worstCaseMicros       {@code Money.costMicros(inputTokens, maxOutputTokens, prices)}: what is reserved
 * @param healthPenalised       true when the provider's circuit is HALF_OPEN
 */
public record EligibleRoute(
        Candidate candidate,
        int maxOutputTokens,
        long inputPriceMicros,
        long outputPriceMicros,
        long worstCaseMicros,
        boolean healthPenalised) {}
