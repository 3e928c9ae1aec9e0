package dev.routeplane.openai;

import dev.routeplane.contract.LatencyClass;
import java.time.Instant;
import java.util.Objects;

/**
 * What the caller, not the request body, decides about a request: its idempotency key, the tenant it is
 * submitted for (from {@code --tenant} or the API key), its batch and when it was submitted.
 *
 * @param requestId idempotency key (a batch line's {@code custom_id})
 * @param tenantId owning tenant
 * @param batchId batch job, or null
 * @param submittedAt submission time, from the caller's clock
 * @param defaultLatencyClass used when the body names none ({@code BATCH} for files, {@code INTERACTIVE} for a
 *     synchronous chat completion)
 */
public record RequestContext(
        String requestId, String tenantId, String batchId, Instant submittedAt, LatencyClass defaultLatencyClass) {

    public RequestContext {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(defaultLatencyClass, "defaultLatencyClass");
    }
}
