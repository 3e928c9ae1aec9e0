package dev.routeplane.api;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A multipart upload of a JSONL batch file produced on the fly, so a test can send hundreds of megabytes
 * without holding them: {@code lines} OpenAI batch lines of {@code lineBytes} bytes each (newline included).
 */
final class GeneratedUpload extends InputStream {
    static final String BOUNDARY = "rp-generated-upload";

    private final byte[] head;
    private final byte[] tail;
    private final int lines;
    private final byte[] line;
    private int linesSent;
    private byte[] current;
    private int pos;
    private int stage; // 0 head, 1 lines, 2 tail, 3 done

    GeneratedUpload(int lines, int lineBytes) {
        this.lines = lines;
        this.head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
                        + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.jsonl\"\r\n"
                        + "Content-Type: application/jsonl\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        String prefix = ApiClient.line("c", "");
        // Pad the prompt so every line has exactly lineBytes bytes; custom_id is fixed-width per line number.
        int padding = lineBytes - prefix.length() - 8;
        this.line = (ApiClient.line("c0000000", "x".repeat(padding)) + "\n").getBytes(StandardCharsets.US_ASCII);
        if (line.length != lineBytes) {
            throw new IllegalArgumentException("line of " + line.length + " bytes, wanted " + lineBytes);
        }
        this.current = head;
    }

    /** The file part's size: what the stored file must measure. */
    long fileBytes() {
        return (long) lines * line.length;
    }

    /** The whole body's size. */
    long bodyBytes() {
        return head.length + fileBytes() + tail.length;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        while (pos == current.length) {
            if (!advance()) {
                return -1;
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    private boolean advance() {
        pos = 0;
        if (stage == 0 || stage == 1) {
            if (linesSent < lines) {
                stage = 1;
                String id = String.format("c%07d", linesSent++);
                System.arraycopy(id.getBytes(StandardCharsets.US_ASCII), 0, line, "{\"custom_id\": \"".length(), 8);
                current = line;
                return true;
            }
            stage = 2;
            current = tail;
            return true;
        }
        stage = 3;
        return false;
    }
}
