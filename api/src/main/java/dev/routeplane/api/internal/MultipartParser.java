package dev.routeplane.api.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming {@code multipart/form-data} reader (RFC 7578 / RFC 2046): parts are handed out one at a time
 * with a body stream that ends at the next boundary, so a 200 MB upload goes to disk without being held in
 * memory. Binary-safe: part bodies are bytes, only part headers are decoded (as UTF-8, as browsers and the
 * OpenAI SDKs send them). Lenient where clients differ (bare LF after a boundary or header line, a preamble,
 * transport padding), strict where it matters (a body must end with the closing boundary).
 *
 * <p>Not thread-safe. Read or abandon each part's body before calling {@link #next()} again; {@code next}
 * skips what is left of it.
 */
public final class MultipartParser {
    private static final int MAX_HEADER_LINE = 8 * 1024;
    private static final int MAX_HEADER_LINES = 32;
    /** Parts a body may have; more is refused ({@link MultipartException#TOO_MANY_PARTS}). */
    public static final int MAX_PARTS = 100;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;
    private boolean finished;
    private boolean atDelimiter;
    private int parts;
    private Part current;

    /** One part: its form field name, the file name if it is a file, its content type, and its body. */
    public record Part(String name, String filename, String contentType, InputStream body) {}

    public MultipartParser(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[Math.max(64 * 1024, delimiter.length * 4)];
        // A virtual CRLF before the first byte lets the opening "--boundary" match the same delimiter as the others.
        buf[0] = '\r';
        buf[1] = '\n';
        limit = 2;
    }

    /**
     * The boundary parameter of a {@code multipart/form-data} content type.
     *
     * @throws MultipartException if the type is another one or the boundary is missing or invalid
     */
    public static String boundary(String contentType) throws MultipartException {
        if (contentType == null) {
            throw new MultipartException("Content-Type is missing; send multipart/form-data");
        }
        int semi = contentType.indexOf(';');
        String type =
                (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        if (!"multipart/form-data".equals(type)) {
            throw new MultipartException("Content-Type must be multipart/form-data");
        }
        String boundary = semi < 0
                ? null
                : HeaderParams.parse(contentType.substring(semi + 1)).get("boundary");
        if (boundary == null
                || boundary.isEmpty()
                || boundary.length() > 70
                || boundary.indexOf('\r') >= 0
                || boundary.indexOf('\n') >= 0) {
            throw new MultipartException("Content-Type multipart/form-data needs a boundary of 1 to 70 characters");
        }
        return boundary;
    }

    /** The next part, or null after the closing boundary. */
    public Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (current != null) {
            current.body().close(); // skips what the caller left unread
        }
        if (!started) {
            started = true;
            drain(); // the preamble
        }
        if (!atDelimiter) {
            throw new MultipartException("part body ended before its boundary");
        }
        atDelimiter = false;
        int a = readByte();
        int b = a == '-' ? readByte() : -1;
        if (a == '-' && b == '-') {
            finished = true; // the epilogue after the closing boundary is ignored, as RFC 2046 says
            current = null;
            return null;
        }
        if (a == '-') {
            throw new MultipartException("malformed boundary line");
        }
        unread(a);
        String padding = readLine(); // transport padding only; anything else glued to the boundary is malformed
        if (!padding.isBlank()) {
            throw new MultipartException("unexpected text after a boundary");
        }
        if (++parts > MAX_PARTS) {
            throw new MultipartException(
                    "more than " + MAX_PARTS + " parts; an upload has 'purpose', 'file' and perhaps"
                            + " 'expires_after' fields",
                    MultipartException.TOO_MANY_PARTS);
        }
        Map<String, String> headers = readHeaders();
        Map<String, String> disposition = HeaderParams.parse(afterType(headers.get("content-disposition")));
        String filename = disposition.containsKey("filename*")
                ? HeaderParams.extended(disposition.get("filename*"))
                : disposition.get("filename");
        current = new Part(disposition.get("name"), filename, headers.get("content-type"), new PartStream());
        return current;
    }

    private static String afterType(String disposition) {
        if (disposition == null) {
            return "";
        }
        int semi = disposition.indexOf(';');
        return semi < 0 ? "" : disposition.substring(semi + 1);
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; ; i++) {
            String line = readLine();
            if (line.isEmpty()) {
                return headers;
            }
            if (i >= MAX_HEADER_LINES) {
                throw new MultipartException("a part has more than " + MAX_HEADER_LINES + " header lines");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MultipartException("malformed part header line");
            }
            headers.put(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
    }

    /** A header line without its CRLF (or bare LF). */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = readByte()) != '\n') {
            if (c < 0) {
                throw new MultipartException("body ended inside part headers");
            }
            if (line.size() >= MAX_HEADER_LINE) {
                throw new MultipartException("a part header line is longer than " + MAX_HEADER_LINE + " bytes");
            }
            line.write(c);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private int readByte() throws IOException {
        if (!fill(1)) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    private void unread(int c) {
        if (c >= 0) {
            pos--; // always possible: the byte was just read from the buffer
        }
    }

    /**
     * Copies body bytes up to the next delimiter; -1 once it is reached (and consumed). Keeps the last
     * {@code delimiter.length - 1} buffered bytes back until more arrive, since they may start a delimiter.
     */
    private int readData(byte[] b, int off, int len) throws IOException {
        if (atDelimiter || finished) {
            return -1;
        }
        fill(delimiter.length);
        int at = indexOfDelimiter();
        if (at == pos) {
            pos += delimiter.length;
            atDelimiter = true;
            return -1;
        }
        int available;
        if (at > 0) {
            available = at - pos;
        } else if (eof) {
            throw new MultipartException("body ended before the closing boundary");
        } else {
            available = limit - pos - (delimiter.length - 1);
        }
        int n = Math.min(len, available);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    private void drain() throws IOException {
        byte[] skip = new byte[8192];
        while (readData(skip, 0, skip.length) >= 0) {
            // discard
        }
    }

    private int indexOfDelimiter() {
        byte first = delimiter[0];
        for (int i = pos; i <= limit - delimiter.length; i++) {
            if (buf[i] != first) {
                continue;
            }
            int j = 1;
            while (j < delimiter.length && buf[i + j] == delimiter[j]) {
                j++;
            }
            if (j == delimiter.length) {
                return i;
            }
        }
        return -1;
    }

    /** Buffers at least {@code need} bytes unless the stream ends; false if not even one is left. */
    private boolean fill(int need) throws IOException {
        if (limit - pos >= need) {
            return true;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit < need && !eof) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
        return limit - pos > 0;
    }

    /** One part's body: ends at the boundary; closing it skips the rest. */
    private final class PartStream extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = readData(b, off, len);
            done = n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!done) {
                drain();
                done = true;
            }
        }
    }
}
