package dev.routeplane.openai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes refused input lines, one JSON line each, in the shape of an entry of the OpenAI Batch object's
 * {@code errors.data} plus the line's id when it could be read:
 *
 * <pre>{@code
 * {"code": "INVALID_FIELD", "message": "body.max_tokens must be ...", "param": "body.max_tokens",
 *  "line": 7, "custom_id": "req-7"}
 * }</pre>
 *
 * Not thread-safe; closing this closes the underlying writer.
 */
public final class BatchErrorWriter implements Closeable, Flushable {

    private final JsonLinesWriter out;

    public BatchErrorWriter(Writer out) {
        this.out = new JsonLinesWriter(out);
    }

    /** Appends one error line. */
    public void write(BatchLineError error) throws IOException {
        out.write(toJson(error));
    }

    /** Lines written so far. */
    public long written() {
        return out.written();
    }

    /** One error as JSON; also the element shape of a Batch object's {@code errors.data}. */
    public static ObjectNode toJson(BatchLineError error) {
        ObjectNode json = JsonNodeFactory.instance
                .objectNode()
                .put("code", error.reasonCode())
                .put("message", error.message())
                .put("param", error.param())
                .put("line", error.lineNumber());
        json.put("custom_id", error.customId());
        return json;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
