package dev.routeplane.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartParserTest {
    private static final String BOUNDARY = "----rpBoundary7MA4YWxkTrZu0gW";

    @Test
    void readsTextFieldAndFilePartWithHeaders() throws IOException {
        byte[] body = body(
                part("purpose", null, null, "batch".getBytes(StandardCharsets.UTF_8)),
                part(
                        "file",
                        "in.jsonl",
                        "application/jsonl",
                        "{\"a\":1}\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8)));

        List<Read> parts = readAll(new ByteArrayInputStream(body), BOUNDARY);

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).name()).isEqualTo("purpose");
        assertThat(parts.get(0).filename()).isNull();
        assertThat(parts.get(0).text()).isEqualTo("batch");
        assertThat(parts.get(1).name()).isEqualTo("file");
        assertThat(parts.get(1).filename()).isEqualTo("in.jsonl");
        assertThat(parts.get(1).contentType()).isEqualTo("application/jsonl");
        assertThat(parts.get(1).text()).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
    }

    @Test
    void isBinarySafeForEveryByteValueAndNearMissDelimiters() throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (int i = 0; i < 256; i++) {
            content.write(i);
        }
        // Prefixes of the delimiter inside the content must stay content.
        content.writeBytes(
                ("\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1) + "X").getBytes(StandardCharsets.ISO_8859_1));
        content.writeBytes("\r\n-\r\n--\r\r\n\n".getBytes(StandardCharsets.ISO_8859_1));
        byte[] random = new byte[300_000];
        new Random(42).nextBytes(random);
        content.writeBytes(random);
        content.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1)); // a trailing CRLF that belongs to the content
        byte[] expected = content.toByteArray();

        List<Read> parts = readAll(new ByteArrayInputStream(body(part("file", "bin", null, expected))), BOUNDARY);

        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).bytes()).isEqualTo(expected);
    }

    @Test
    void findsBoundariesSplitAcrossReadsOfOneByte() throws IOException {
        byte[] body = body(
                part("purpose", null, null, "batch".getBytes(StandardCharsets.UTF_8)),
                part("file", "f", null, "line one\r\nline two".getBytes(StandardCharsets.UTF_8)));

        List<Read> parts = readAll(new OneByteAtATime(new ByteArrayInputStream(body)), BOUNDARY);

        assertThat(parts).extracting(Read::text).containsExactly("batch", "line one\r\nline two");
    }

    @Test
    void ignoresPreambleEpilogueAndTransportPadding() throws IOException {
        String body = "This is a preamble.\r\n--" + BOUNDARY + "  \t\r\n"
                + "Content-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--" + BOUNDARY
                + "--\r\nepilogue text";

        List<Read> parts = readAll(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), BOUNDARY);

        assertThat(parts).extracting(Read::text).containsExactly("batch");
    }

    @Test
    void acceptsBareLineFeedsAfterBoundaryAndHeaders() throws IOException {
        String body =
                "--" + BOUNDARY + "\nContent-Disposition: form-data; name=\"purpose\"\n\nbatch\r\n--" + BOUNDARY + "--";

        List<Read> parts = readAll(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), BOUNDARY);

        assertThat(parts)
                .extracting(Read::name, Read::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("purpose", "batch"));
    }

    @Test
    void skipsPartsTheCallerDoesNotRead() throws IOException {
        byte[] body = body(
                part("ignored", "big.bin", null, new byte[200_000]),
                part("purpose", null, null, "batch".getBytes(StandardCharsets.UTF_8)));
        MultipartParser parser = new MultipartParser(new ByteArrayInputStream(body), BOUNDARY);

        assertThat(parser.next().name()).isEqualTo("ignored");
        MultipartParser.Part second = parser.next();

        assertThat(second.name()).isEqualTo("purpose");
        assertThat(new String(second.body().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("batch");
        assertThat(parser.next()).isNull();
    }

    @Test
    void readsQuotedEscapedAndExtendedFileNames() throws IOException {
        String body = "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"say \\\"hi\\\".jsonl\"\r\n\r\nx\r\n--"
                + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file2\"; filename=\"fallback.txt\"; filename*=UTF-8''%E2%82%AC%20rates.jsonl\r\n\r\ny\r\n--"
                + BOUNDARY + "--\r\n";

        List<Read> parts = readAll(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), BOUNDARY);

        assertThat(parts).extracting(Read::filename).containsExactly("say \"hi\".jsonl", "\u20ac rates.jsonl");
    }

    @Test
    void refusesABodyWithoutClosingBoundary() {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\ncut off here";

        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), BOUNDARY))
                .isInstanceOf(MultipartException.class)
                .hasMessageContaining("closing boundary");
    }

    @Test
    void refusesABodyWithNoBoundaryAtAll() {
        assertThatThrownBy(
                        () -> readAll(new ByteArrayInputStream("just text".getBytes(StandardCharsets.UTF_8)), BOUNDARY))
                .isInstanceOf(MultipartException.class);
    }

    @Test
    void extractsTheBoundaryFromContentType() throws MultipartException {
        assertThat(MultipartParser.boundary("multipart/form-data; boundary=abc123"))
                .isEqualTo("abc123");
        assertThat(MultipartParser.boundary("Multipart/Form-Data;boundary=\"a b:c\"; charset=utf-8"))
                .isEqualTo("a b:c");
        assertThatThrownBy(() -> MultipartParser.boundary("application/json"))
                .isInstanceOf(MultipartException.class)
                .hasMessageContaining("multipart/form-data");
        assertThatThrownBy(() -> MultipartParser.boundary("multipart/form-data"))
                .isInstanceOf(MultipartException.class)
                .hasMessageContaining("boundary");
        assertThatThrownBy(() -> MultipartParser.boundary(null)).isInstanceOf(MultipartException.class);
        assertThatThrownBy(() -> MultipartParser.boundary("multipart/form-data; boundary=" + "x".repeat(71)))
                .isInstanceOf(MultipartException.class);
    }

    record Read(String name, String filename, String contentType, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    static List<Read> readAll(InputStream in, String boundary) throws IOException {
        MultipartParser parser = new MultipartParser(in, boundary);
        List<Read> parts = new ArrayList<>();
        for (MultipartParser.Part part = parser.next(); part != null; part = parser.next()) {
            parts.add(new Read(
                    part.name(),
                    part.filename(),
                    part.contentType(),
                    part.body().readAllBytes()));
        }
        return parts;
    }

    static byte[] part(String name, String filename, String contentType, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String headers = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "\r\n";
        out.writeBytes(headers.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static byte[] body(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Delivers one byte per read, as a slow network might. */
    static final class OneByteAtATime extends FilterInputStream {
        OneByteAtATime(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1));
        }
    }
}
