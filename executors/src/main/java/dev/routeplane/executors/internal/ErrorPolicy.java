package dev.routeplane.executors.internal;

import dev.routeplane.contract.FallbackTrigger;
import dev.routeplane.executors.ErrorKind;
import dev.routeplane.executors.ProviderCallException;
import dev.routeplane.schemas.ReasonCodes;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The worker's error policy, declared once as predicates over classified failures so retry, circuit breaker and
 * fallback cannot disagree about what an error means.
 */
public final class ErrorPolicy {
    private ErrorPolicy() {}

    /** Worth another try on the same provider: transient failures and rate limits. */
    public static final Predicate<Throwable> RETRYABLE = e -> e instanceof ProviderCallException p
            && (p.kind() == ErrorKind.RETRYABLE || p.kind() == ErrorKind.RATE_LIMITED)
            && !p.outcome().equals(ProviderCallException.CIRCUIT_OPEN);

    /** Counts against the provider's health: server errors, timeouts, broken bodies. */
    public static final Predicate<Throwable> TRIPS_BREAKER =
            e -> e instanceof ProviderCallException p && p.kind() == ErrorKind.RETRYABLE;

    /** Neither success nor failure for the breaker: a 429 says the key is busy, not that the provider is sick. */
    public static final Predicate<Throwable> IGNORED_BY_BREAKER =
            e -> e instanceof ProviderCallException p && p.kind() == ErrorKind.RATE_LIMITED;

    /** The decision-fallback trigger a failure matches, if any (a permanent error matches none). */
    public static Optional<FallbackTrigger> fallbackTrigger(ProviderCallException e) {
        if (e.outcome().equals(ProviderCallException.TIMEOUT)) {
            return Optional.of(FallbackTrigger.TIMEOUT);
        }
        if (e.outcome().equals(ProviderCallException.CIRCUIT_OPEN)) {
            return Optional.of(FallbackTrigger.SERVER_ERROR);
        }
        return switch (e.kind()) {
            case RETRYABLE -> Optional.of(FallbackTrigger.SERVER_ERROR);
            case RATE_LIMITED -> Optional.of(FallbackTrigger.RATE_LIMITED);
            case CONTEXT_OVERFLOW -> Optional.of(FallbackTrigger.CONTEXT_OVERFLOW);
            case CONTENT_FILTER -> Optional.of(FallbackTrigger.CONTENT_FILTER);
            case PERMANENT -> Optional.empty();
        };
    }

    /** The terminal reason code of a request whose last failure was {@code e} and that has nowhere left to go. */
    public static String terminalReason(ProviderCallException e) {
        if (e.outcome().equals(ProviderCallException.CIRCUIT_OPEN)) {
            return ReasonCodes.CIRCUIT_OPEN;
        }
        return switch (e.kind()) {
            case RETRYABLE ->
                e.outcome().equals(ProviderCallException.TIMEOUT)
                        ? ReasonCodes.PROVIDER_TIMEOUT
                        : ReasonCodes.PROVIDER_ERROR;
            case RATE_LIMITED -> ReasonCodes.RATE_LIMITED;
            case PERMANENT -> ReasonCodes.PROVIDER_REJECTED;
            case CONTEXT_OVERFLOW -> ReasonCodes.CONTEXT_OVERFLOW;
            case CONTENT_FILTER -> ReasonCodes.CONTENT_FILTER;
        };
    }
}
