package dev.routeplane.openai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ResultStatus;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes results in the OpenAI Batch API output format, one JSON line per request:
 *
 * <pre>{@code
 * {"id": "batch_req_<hex>", "custom_id": "<requestId>",
 *  "response": {"status_code": 200, "request_id": "<requestId>", "body": {<chat.completion>}},
 *  "error": null}
 * {"id": "batch_req_<hex>", "custom_id": "<requestId>", "response": null,
 *  "error": {"code": "<reason code>", "message": "..."}}
 * }</pre>
 *
 * <p>SUCCEEDED results get the first shape, with the body from {@link ChatCompletionJson#toChatCompletion};
 * FAILED, TIMED_OUT, BUDGET_EXCEEDED and REJECTED the second, coded by the result's reason (else its status).
 * {@code request_id} is Routeplane's request id, the one {@code GET /v1/requests/{id}} answers to. Ids are
 * derived from tenant and request id, so writing the same results twice gives the same file. Not
 * thread-safe; the caller owns the writer and closes this to flush and close it.
 */
public final class BatchOutputWriter implements Closeable, Flushable {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final JsonLinesWriter out;

    public BatchOutputWriter(Writer out) {
        this.out = new JsonLinesWriter(out);
    }

    /** Appends the line for one result. */
    public void write(ExecutionResult result) throws IOException {
        out.write(toOutputLine(result));
    }

    /** Lines written so far. */
    public long written() {
        return out.written();
    }

    /** The output line for one result, as a JSON object (the HTTP API serves the same shape). */
    public static ObjectNode toOutputLine(ExecutionResult result) {
        ObjectNode line = JSON.objectNode()
                .put("id", "batch_req_" + ChatCompletionJson.stableId(result))
                .put("custom_id", result.getRequestId());
        if (result.getStatus() == ResultStatus.SUCCEEDED) {
            ObjectNode response =
                    line.putObject("response").put("status_code", 200).put("request_id", result.getRequestId());
            response.set("body", ChatCompletionJson.toChatCompletion(result));
            line.putNull("error");
        } else {
            line.putNull("response");
            line.putObject("error")
                    .put("code", ChatCompletionJson.errorCode(result))
                    .put("message", ChatCompletionJson.errorMessage(result));
        }
        return line;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** For callers writing from a lambda. */
    public void writeUnchecked(ExecutionResult result) {
        try {
            write(result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
