package dev.routeplane.ledger;

import java.io.IOException;
import java.util.List;

/**
 * A provider's own record of the calls it billed, looked up by the client request id the caller sent
 * ({@code X-Client-Request-Id}). The ledger settles a call whose executor died before writing its cost event with it
 * ({@link CallSettlement}). One per provider; implementations are thread-safe.
 */
public interface ProviderUsageLookup {
    /**
     * The synchronous calls the provider billed under {@code clientRequestId}, in any order; empty when it billed none.
     *
     * @throws IOException when the provider cannot be asked now (the ledger asks again later)
     */
    List<ProviderUsage> calls(String clientRequestId) throws IOException, InterruptedException;
}
