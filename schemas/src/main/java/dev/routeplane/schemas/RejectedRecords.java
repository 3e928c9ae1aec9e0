package dev.routeplane.schemas;

import dev.routeplane.contract.RejectedRequest;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How the bytes of a record that could not be decoded are kept on {@code rp.requests.rejected.v1}: only their
 * first {@value #MAX_RAW_VALUE_BYTES} bytes, with the original size. Enough to read the wire-format header and see
 * what was sent; little of the prompt text such bytes may carry, and no record near the producer's size limit
 * doubled onto a topic that keeps it for days. Every producer of rejections uses this one rule.
 */
public final class RejectedRecords {
    /** The most bytes of an undecodable value a rejection keeps. */
    public static final int MAX_RAW_VALUE_BYTES = 1024;

    private RejectedRecords() {}

    /**
     * Sets {@code rawValue} to the first {@value #MAX_RAW_VALUE_BYTES} bytes of {@code value} and {@code
     * rawValueBytes} to its size; both null when {@code value} is null.
     */
    public static RejectedRequest.Builder withRawValue(RejectedRequest.Builder rejection, byte[] value) {
        if (value == null) {
            return rejection.setRawValue(null).setRawValueBytes(null);
        }
        byte[] kept = value.length <= MAX_RAW_VALUE_BYTES ? value : Arrays.copyOf(value, MAX_RAW_VALUE_BYTES);
        return rejection.setRawValue(ByteBuffer.wrap(kept)).setRawValueBytes(value.length);
    }
}
