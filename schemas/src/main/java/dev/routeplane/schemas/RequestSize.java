package dev.routeplane.schemas;

import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.ToolSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The size of a request as it travels: its Avro encoding plus the wire format's 5-byte header, i.e. every byte of
 * messages, tool definitions, metadata and hints. The request goes into its routed task whole, so this, not the
 * prompt, is what must fit under Kafka's {@code max.request.size}. The one count the API, {@code submit} and the router
 * all refuse {@code REQUEST_TOO_LARGE} by. Thread-safe.
 */
public final class RequestSize {
    private static final int WIRE_HEADER = 5;
    private static final SpecificDatumWriter<RouteRequest> WRITER = new SpecificDatumWriter<>(RouteRequest.class);

    private RequestSize() {}

    /** Encoded bytes of {@code request}, counted without holding them. */
    public static long bytes(RouteRequest request) {
        Counter counter = new Counter();
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(counter, null);
            WRITER.write(request, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a counting stream does not fail
        }
        return counter.count + WIRE_HEADER;
    }

    /**
     * The encoded size if it may exceed {@code limit}, else -1: an upper bound from the strings' lengths (at most three
     * UTF-8 bytes per char, a few bytes of framing per field) decides most requests without encoding them.
     */
    public static long over(RouteRequest request, long limit) {
        if (upperBound(request) <= limit) {
            return -1;
        }
        long bytes = bytes(request);
        return bytes > limit ? bytes : -1;
    }

    private static long upperBound(RouteRequest r) {
        long chars = len(r.getRequestId()) + len(r.getTenantId()) + len(r.getBatchId());
        long fields = 16;
        for (ChatMessage m : r.getMessages()) {
            chars += len(m.getRole()) + len(m.getContent());
            fields += 2;
        }
        RequestHints h = r.getHints();
        chars += len(h.getTaskType())
                + len(h.getQualityTier())
                + len(h.getResponseFormat())
                + len(h.getDataClass())
                + len(h.getPinnedAlias());
        fields += 16;
        for (ToolSpec t : h.getTools()) {
            chars += len(t.getName()) + len(t.getDescription()) + len(t.getParametersJson());
            fields += 4;
        }
        for (String s : h.getTags()) {
            chars += len(s);
            fields++;
        }
        for (String s : h.getApprovals()) {
            chars += len(s);
            fields++;
        }
        for (var e : r.getMetadata().entrySet()) {
            chars += len(e.getKey()) + len(e.getValue());
            fields += 2;
        }
        return 3 * chars + 10 * fields + WIRE_HEADER;
    }

    private static long len(CharSequence s) {
        return s == null ? 0 : s.length();
    }

    /** The refusal's detail when a request is over {@code limit}, naming what to do. */
    public static String tooLarge(long bytes, long limit) {
        return "request is " + bytes + " bytes (messages, tool definitions, metadata and hints), above"
                + " router.maxRequestBytes " + limit + "; its routed task could not be written to Kafka: shorten the"
                + " prompt or the tool descriptions, or split the request";
    }

    private static final class Counter extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
