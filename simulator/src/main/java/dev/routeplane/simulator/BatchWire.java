package dev.routeplane.simulator;

import com.sun.net.httpserver.HttpExchange;

/** One provider's batch API on the wire: its paths, request parsing and object shapes. Stateless, thread-safe. */
interface BatchWire {

    /** Whether {@code rest} (the path below the provider prefix, e.g. {@code /v1/batches/b1}) is a batch path. */
    boolean serves(String rest);

    /**
     * Answers one authenticated batch-API request.
     *
     * @param call what the request carries and where it goes
     * @throws SimError for a request the provider refuses; the caller renders it in the provider's error shape
     */
    void handle(HttpExchange ex, Call call);

    /**
     * One batch-API request.
     *
     * @param provider       the provider it is for
     * @param method         HTTP method
     * @param rest           path below the provider prefix
     * @param body           request body (empty for GET)
     * @param keyFingerprint fingerprint of the caller's key, for the invoice
     */
    record Call(ProviderRuntime provider, String method, String rest, byte[] body, String keyFingerprint) {}
}
