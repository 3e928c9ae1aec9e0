package dev.routeplane.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code multipart/form-data} body, as OpenAI's file upload takes it. The JDK's HTTP server has no form
 * parser, and the simulator stays free of server libraries, so this reads just what an upload needs: each part's
 * name, optional filename and bytes.
 */
final class MultipartForm {

    /** One part of the form. */
    record Part(String name, String filename, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("[; ]name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

    private MultipartForm() {}

    /**
     * The parts by name.
     *
     * @throws SimError (invalid request) when the content type is not multipart with a boundary, or the body is not
     *     a well-formed form
     */
    static Map<String, Part> parse(String contentType, byte[] body) {
        Matcher b = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (b == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data") || !b.find()) {
            throw SimError.invalid(
                    "upload the file as multipart/form-data with a boundary, got Content-Type " + contentType,
                    "invalid_request",
                    "file");
        }
        byte[] delimiter = ("--" + b.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Part> parts = new LinkedHashMap<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                return parts; // closing delimiter
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            int next = indexOf(
                    body,
                    ("\r\n" + new String(delimiter, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1),
                    start);
            if (headersEnd < 0 || next < 0 || headersEnd > next) {
                break;
            }
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            Matcher name = NAME.matcher(headers);
            if (!name.find()) {
                break;
            }
            Matcher filename = FILENAME.matcher(headers);
            byte[] content = Arrays.copyOfRange(body, headersEnd + 4, next);
            parts.put(name.group(1), new Part(name.group(1), filename.find() ? filename.group(1) : null, content));
            at = next + 2;
        }
        throw SimError.invalid("the multipart/form-data body is malformed", "invalid_request", "file");
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
