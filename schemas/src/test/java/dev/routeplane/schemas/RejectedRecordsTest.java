package dev.routeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.RejectedRequest;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RejectedRecordsTest {

    private static RejectedRequest rejected(byte[] value) {
        return RejectedRecords.withRawValue(
                        RejectedRequest.newBuilder()
                                .setReasonCode(ReasonCodes.UNDESERIALIZABLE)
                                .setDetail("not Avro")
                                .setSourceTopic("rp.requests.v1")
                                .setSourcePartition(0)
                                .setSourceOffset(7)
                                .setRejectedAt(Instant.EPOCH),
                        value)
                .build();
    }

    @Test
    void keepsOnlyTheFirstKibibyteOfALargeValueAndItsSize() {
        byte[] value = new byte[900_000];
        Arrays.fill(value, (byte) 'x');
        value[0] = 1;

        RejectedRequest r = rejected(value);

        assertThat(r.getRawValue().remaining()).isEqualTo(RejectedRecords.MAX_RAW_VALUE_BYTES);
        assertThat(r.getRawValue().get(0)).isEqualTo((byte) 1);
        assertThat(r.getRawValueBytes()).isEqualTo(900_000);
    }

    @Test
    void keepsASmallValueWhole() {
        byte[] value = {0, 0, 0, 0, 5, 'h', 'i'};

        RejectedRequest r = rejected(value);

        assertThat(r.getRawValue()).isEqualTo(ByteBuffer.wrap(value));
        assertThat(r.getRawValueBytes()).isEqualTo(7);
    }

    @Test
    void aNullValueLeavesBothFieldsNull() {
        RejectedRequest r = rejected(null);

        assertThat(r.getRawValue()).isNull();
        assertThat(r.getRawValueBytes()).isNull();
    }
}
