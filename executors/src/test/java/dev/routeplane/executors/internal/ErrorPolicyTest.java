package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.FallbackTrigger;
import dev.routeplane.executors.ErrorKind;
import dev.routeplane.executors.ProviderCallException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorPolicyTest {
    @ParameterizedTest(name = "{0}/{1}: retry={2} trips={3} ignored={4} fallback={5} reason={6}")
    @CsvSource({
        "RETRYABLE,        SERVER_ERROR,       true,  true,  false, SERVER_ERROR,     PROVIDER_ERROR",
        "RETRYABLE,        TIMEOUT,            true,  true,  false, TIMEOUT,          PROVIDER_TIMEOUT",
        "RETRYABLE,        MALFORMED_RESPONSE, true,  true,  false, SERVER_ERROR,     PROVIDER_ERROR",
        "RETRYABLE,        CIRCUIT_OPEN,       false, true,  false, SERVER_ERROR,     CIRCUIT_OPEN",
        "RATE_LIMITED,     RATE_LIMITED,       true,  false, true,  RATE_LIMITED,     RATE_LIMITED",
        "RATE_LIMITED,     LOCAL_RATE_LIMIT,   true,  false, true,  RATE_LIMITED,     RATE_LIMITED",
        "PERMANENT,        CLIENT_ERROR,       false, false, false, NONE,             PROVIDER_REJECTED",
        "CONTEXT_OVERFLOW, CONTEXT_OVERFLOW,   false, false, false, CONTEXT_OVERFLOW, CONTEXT_OVERFLOW",
        "CONTENT_FILTER,   CONTENT_FILTER,     false, false, false, CONTENT_FILTER,   CONTENT_FILTER",
    })
    void classifiesEveryErrorKindForRetryBreakerAndFallback(
            ErrorKind kind,
            String outcome,
            boolean retries,
            boolean trips,
            boolean ignored,
            String fallback,
            String reason) {
        ProviderCallException e = new ProviderCallException(kind, outcome, 0, null, "test");

        assertThat(ErrorPolicy.RETRYABLE.test(e)).isEqualTo(retries);
        assertThat(ErrorPolicy.TRIPS_BREAKER.test(e)).isEqualTo(trips);
        assertThat(ErrorPolicy.IGNORED_BY_BREAKER.test(e)).isEqualTo(ignored);
        assertThat(ErrorPolicy.fallbackTrigger(e))
                .isEqualTo(fallback.equals("NONE") ? Optional.empty() : Optional.of(FallbackTrigger.valueOf(fallback)));
        assertThat(ErrorPolicy.terminalReason(e)).isEqualTo(reason);
    }
}
