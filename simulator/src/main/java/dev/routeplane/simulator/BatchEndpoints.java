package dev.routeplane.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;

/**
 * Routes batch-API requests to the provider's {@link BatchWire} after the same key and header checks as a chat
 * call, and answers refusals in the provider's error shape.
 */
final class BatchEndpoints {

    private final OpenAiBatchWire openAi;
    private final AnthropicBatchWire anthropic;

    BatchEndpoints(BatchBook book, CallPipeline pipeline) {
        this.openAi = new OpenAiBatchWire(book, pipeline);
        this.anthropic = new AnthropicBatchWire(book, pipeline);
    }

    boolean serves(ProviderRuntime p, String rest) {
        return wire(p).serves(rest);
    }

    void handle(HttpExchange ex, ProviderRuntime p, String rest) {
        try {
            if (!p.config.batchApi().enabled()) {
                throw new SimError(
                        SimError.Kind.NOT_FOUND,
                        "provider '" + p.config.id() + "' has no batch API (Invalid URL " + ex.getRequestMethod() + " "
                                + rest + ")",
                        "unknown_url",
                        null);
            }
            String key = p.codec.apiKey(ex.getRequestHeaders());
            if (key == null && p.config.requiresKey()) {
                throw p.codec.missingKey();
            }
            p.codec.checkHeaders(ex.getRequestHeaders());
            byte[] body = readBody(ex);
            wire(p).handle(ex, new BatchWire.Call(p, ex.getRequestMethod(), rest, body, CallPipeline.fingerprint(key)));
        } catch (SimError e) {
            int status = p.codec.status(e);
            p.count(Integer.toString(status));
            ResponseWriter.json(ex, status, p.codec.error(e));
        } catch (RuntimeException e) {
            SimError internal = new SimError(SimError.Kind.SERVER_ERROR, "simulator internal error: " + e, null, null);
            ResponseWriter.json(ex, p.codec.status(internal), p.codec.error(internal));
        }
    }

    private BatchWire wire(ProviderRuntime p) {
        return p.config.wireFormat() == WireFormat.ANTHROPIC ? anthropic : openAi;
    }

    private static byte[] readBody(HttpExchange ex) {
        try (InputStream in = ex.getRequestBody()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw SimError.invalid("could not read the request body: " + e.getMessage(), null, null);
        }
    }
}
