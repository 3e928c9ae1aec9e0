package dev.routeplane.schemas.internal;

/**
 * The Confluent wire format: one magic byte 0, the schema id as a 4-byte big-endian int, then the Avro
 * binary encoding of the value.
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {}

    /** Writes the header into the first five bytes of {@code target}. */
    public static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    /** Reads the schema id; the caller has checked the length and magic byte. */
    public static int readSchemaId(byte[] payload) {
        return ((payload[1] & 0xFF) << 24)
                | ((payload[2] & 0xFF) << 16)
                | ((payload[3] & 0xFF) << 8)
                | (payload[4] & 0xFF);
    }
}
