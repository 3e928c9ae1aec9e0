package dev.routeplane.router.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the learner's joins (training examples, the online guard) share about their private state: entries keyed
 * by tenant and request, values as small {@code Data*Stream} records leading with their time ({@link ExpiringStore}).
 */
final class JoinState {
    /** Writes one value. */
    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads one value. */
    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private JoinState() {}

    /** The store key of a request: tenant ids and request ids may contain anything but NUL. */
    static String key(String tenantId, String requestId) {
        return tenantId + '\0' + requestId;
    }

    static byte[] write(int sizeHint, Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The big-endian long a value starts with: the time stamp of the entries that lead with one. */
    static long leadingLong(byte[] bytes) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[i] & 0xFF);
        }
        return v;
    }
}
