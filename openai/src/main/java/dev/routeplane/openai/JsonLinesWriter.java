package dev.routeplane.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.util.Objects;

/** One JSON object per line onto a writer, counting lines; the shared mechanics of the batch file writers. */
final class JsonLinesWriter implements Closeable, Flushable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Writer out;
    private long written;

    JsonLinesWriter(Writer out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    void write(ObjectNode line) throws IOException {
        out.write(MAPPER.writeValueAsString(line));
        out.write('\n');
        written++;
    }

    long written() {
        return written;
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
