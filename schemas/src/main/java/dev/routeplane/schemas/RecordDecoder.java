package dev.routeplane.schemas;

import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes raw consumed values, failing with the record's coordinates. A Kafka {@link Deserializer} cannot
 * see partition and offset, so consumers that must route bad input to a rejected topic read
 * {@code byte[]} values and decode them here instead:
 *
 * <pre>{@code
 * try {
 *   RouteRequest request = decoder.decode(record);
 * } catch (UndecodableRecordException e) {
 *   // e.kind().retriable() ? retry later : publish a RejectedRequest with reason UNDESERIALIZABLE
 * }
 * }</pre>
 *
 * Thread-safe if the wrapped deserializer is (Routeplane's is, once configured).
 */
public final class RecordDecoder<V> {
    private final Deserializer<V> deserializer;

    /** @param deserializer an already configured deserializer */
    public RecordDecoder(Deserializer<V> deserializer) {
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
    }

    /**
     * @return the decoded value, or null for a null value (tombstone)
     * @throws UndecodableRecordException naming topic, partition, offset, failure kind and detail
     */
    public V decode(ConsumerRecord<byte[], byte[]> record) {
        return decode(record.topic(), record.partition(), record.offset(), record.headers(), record.value());
    }

    /** As {@link #decode(ConsumerRecord)}, for callers that hold the coordinates separately. */
    public V decode(String topic, int partition, long offset, byte[] value) {
        return decode(topic, partition, offset, new RecordHeaders(), value);
    }

    private V decode(String topic, int partition, long offset, Headers headers, byte[] value) {
        try {
            return deserializer.deserialize(topic, headers, value);
        } catch (AvroPayloadException e) {
            throw new UndecodableRecordException(topic, partition, offset, e.kind(), e.detail(), e);
        } catch (SerializationException e) {
            // A deserializer other than Routeplane's: its bytes were unreadable, cause unknown.
            throw new UndecodableRecordException(
                    topic, partition, offset, AvroPayloadException.Kind.MALFORMED_PAYLOAD, e.getMessage(), e);
        }
    }
}
