package dev.routeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.routeplane.contract.RouteRequest;
import dev.routeplane.schemas.AvroPayloadException.Kind;
import dev.routeplane.schemas.testing.InMemorySchemaRegistryClient;
import dev.routeplane.schemas.testing.SampleRecords;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {
    private final Topics topics = Topics.defaults();
    private final RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of(), new InMemorySchemaRegistryClient());

    @Test
    void decodesAValidConsumerRecord() {
        // given
        byte[] value = serdes.valueSerde(topics.requests())
                .serializer()
                .serialize(topics.requests().name(), SampleRecords.routeRequest());
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>(topics.requests().name(), 3, 42L, null, value);

        // when
        RouteRequest request = serdes.decoder(topics.requests()).decode(record);

        // then
        assertThat(request).isEqualTo(SampleRecords.routeRequest());
    }

    @Test
    void undecodableRecordNamesTopicPartitionOffsetKindAndDetail() {
        // given
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>("rp.requests.v1", 3, 42L, null, new byte[] {1, 0, 0, 0, 1, 0});

        // when
        UndecodableRecordException e = catchThrowableOfType(
                UndecodableRecordException.class,
                () -> serdes.decoder(topics.requests()).decode(record));

        // then
        assertThat(e.getMessage())
                .isEqualTo("Undecodable record in topic rp.requests.v1 partition 3 offset 42:"
                        + " UNKNOWN_MAGIC_BYTE: first byte is 0x01, expected 0x00: the value was not written by a"
                        + " schema-registry Avro serializer");
        assertThat(e.topic()).isEqualTo("rp.requests.v1");
        assertThat(e.partition()).isEqualTo(3);
        assertThat(e.offset()).isEqualTo(42L);
        assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_MAGIC_BYTE);
    }

    @Test
    void coordinatesOverloadReportsTheSameFailure() {
        // when
        UndecodableRecordException e = catchThrowableOfType(
                UndecodableRecordException.class,
                () -> serdes.decoder(topics.requests()).decode("rp.requests.v1", 0, 7L, new byte[] {0, 0}));

        // then
        assertThat(e.kind()).isEqualTo(Kind.TRUNCATED_PAYLOAD);
        assertThat(e.getMessage())
                .startsWith("Undecodable record in topic rp.requests.v1 partition 0 offset 7:"
                        + " TRUNCATED_PAYLOAD: payload is 2 bytes");
    }
}
