package dev.routeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.schemas.AvroPayloadException.Kind;
import dev.routeplane.schemas.testing.InMemorySchemaRegistryClient;
import dev.routeplane.schemas.testing.SampleRecords;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BadPayloadTest {
    private static final String TOPIC = "rp.requests.v1";

    private InMemorySchemaRegistryClient registry;
    private RegistryAvroDeserializer<RouteRequest> deserializer;
    private byte[] validRequest;

    @BeforeEach
    void setUp() {
        registry = new InMemorySchemaRegistryClient(7);
        RegistryAvroSerializer<RouteRequest> serializer = new RegistryAvroSerializer<>(registry);
        serializer.configure(Map.of(), false);
        validRequest = serializer.serialize(TOPIC, SampleRecords.routeRequest());
        deserializer = new RegistryAvroDeserializer<>(registry, RouteRequest.class);
        deserializer.configure(Map.of(), false);
    }

    @Test
    void jsonBytesFailWithUnknownMagicByte() {
        // given a value some producer wrote as JSON
        byte[] json = "{\"requestId\":\"r1\"}".getBytes(StandardCharsets.UTF_8);

        // when
        AvroPayloadException e = decodeFailure(json);

        // then
        assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_MAGIC_BYTE);
        assertThat(e.getMessage())
                .isEqualTo("Cannot deserialize Avro value from topic rp.requests.v1: UNKNOWN_MAGIC_BYTE:"
                        + " first byte is 0x7B, expected 0x00: the value was not written by a schema-registry Avro serializer"
                        + " (it looks like JSON)");
    }

    @Test
    void unregisteredSchemaIdFailsWithUnknownSchemaId() {
        // given a well-formed header naming schema id 999, which the registry never issued
        byte[] bytes = validRequest.clone();
        bytes[3] = 0x03;
        bytes[4] = (byte) 0xE7;

        // when
        AvroPayloadException e = decodeFailure(bytes);

        // then
        assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_SCHEMA_ID);
        assertThat(e.getMessage())
                .startsWith("Cannot deserialize Avro value from topic rp.requests.v1: UNKNOWN_SCHEMA_ID:"
                        + " schema id 999 is not registered in the schema registry");
    }

    @Test
    void payloadShorterThanHeaderFailsWithTruncatedPayload() {
        // when
        AvroPayloadException e = decodeFailure(new byte[] {0, 0, 0});

        // then
        assertThat(e.kind()).isEqualTo(Kind.TRUNCATED_PAYLOAD);
        assertThat(e.detail())
                .isEqualTo("payload is 3 bytes, shorter than the 5-byte header (magic byte and schema id)");
    }

    @Test
    void emptyPayloadFailsWithTruncatedPayload() {
        // when
        AvroPayloadException e = decodeFailure(new byte[0]);

        // then
        assertThat(e.kind()).isEqualTo(Kind.TRUNCATED_PAYLOAD);
        assertThat(e.detail()).isEqualTo("payload is empty; expected magic byte 0, a 4-byte schema id and Avro data");
    }

    @Test
    void avroDataCutShortFailsWithTruncatedPayload() {
        // given a valid record missing its last 10 bytes
        byte[] cut = Arrays.copyOf(validRequest, validRequest.length - 10);

        // when
        AvroPayloadException e = decodeFailure(cut);

        // then
        assertThat(e.kind()).isEqualTo(Kind.TRUNCATED_PAYLOAD);
        assertThat(e.detail())
                .isEqualTo("Avro data ends early: " + (cut.length - 5)
                        + " bytes after the header are not a complete record of schema id 7");
    }

    @Test
    void bytesLeftAfterTheRecordFailWithMalformedPayload() {
        // given a valid record followed by two stray bytes
        byte[] padded = Arrays.copyOf(validRequest, validRequest.length + 2);

        // when
        AvroPayloadException e = decodeFailure(padded);

        // then
        assertThat(e.kind()).isEqualTo(Kind.MALFORMED_PAYLOAD);
        assertThat(e.detail()).startsWith("bytes left over after a complete record of schema id 7");
    }

    @Test
    void negativeStringLengthFailsWithMalformedPayload() {
        // given the first string (requestId) claiming length -1 (zigzag 0x01)
        byte[] bytes = validRequest.clone();
        bytes[5] = 0x01;

        // when
        AvroPayloadException e = decodeFailure(bytes);

        // then
        assertThat(e.kind()).isEqualTo(Kind.MALFORMED_PAYLOAD);
        assertThat(e.detail()).startsWith("Avro data of schema id 7 is corrupt: ");
    }

    @Test
    void recordOfAnotherTypeFailsWithWrongRecordType() {
        // given a CostEvent written to the requests topic by mistake
        RegistryAvroSerializer<CostEvent> serializer = new RegistryAvroSerializer<>(registry);
        serializer.configure(Map.of(), false);
        byte[] costEvent = serializer.serialize("rp.ledger.v1", SampleRecords.costEvent());

        // when
        AvroPayloadException e = decodeFailure(costEvent);

        // then
        assertThat(e.kind()).isEqualTo(Kind.WRONG_RECORD_TYPE);
        assertThat(e.getMessage())
                .isEqualTo("Cannot deserialize Avro value from topic rp.requests.v1: WRONG_RECORD_TYPE:"
                        + " schema id 8 is record dev.routeplane.contract.CostEvent but this deserializer reads"
                        + " dev.routeplane.contract.RouteRequest");
    }

    @Test
    void unreachableRegistryFailsWithRetriableRegistryUnavailable() {
        // given a schema id not cached yet and a registry that is down
        RegistryAvroDeserializer<RouteRequest> fresh = new RegistryAvroDeserializer<>(registry, RouteRequest.class);
        fresh.configure(Map.of(), false);
        registry.unavailable(true);

        // when
        AvroPayloadException e =
                catchThrowableOfType(AvroPayloadException.class, () -> fresh.deserialize(TOPIC, validRequest));

        // then
        assertThat(e.kind()).isEqualTo(Kind.REGISTRY_UNAVAILABLE);
        assertThat(e.kind().retriable()).isTrue();
        assertThat(e.detail()).startsWith("cannot fetch schema id 7 from the schema registry: ");
    }

    @Test
    void onlyRegistryUnavailableIsRetriable() {
        assertThat(Arrays.stream(Kind.values()).filter(Kind::retriable)).containsExactly(Kind.REGISTRY_UNAVAILABLE);
    }

    @Test
    void nullValueDeserializesToNull() {
        assertThat(deserializer.deserialize(TOPIC, null)).isNull();
    }

    private AvroPayloadException decodeFailure(byte[] bytes) {
        return catchThrowableOfType(AvroPayloadException.class, () -> deserializer.deserialize(TOPIC, bytes));
    }
}
