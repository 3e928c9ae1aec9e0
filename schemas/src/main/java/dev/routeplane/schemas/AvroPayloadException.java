package dev.routeplane.schemas;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A value could not be deserialized, with a {@link Kind} saying exactly why. Thrown by
 * {@link RegistryAvroDeserializer}; {@link RecordDecoder} adds the partition and offset.
 *
 * <p>Only {@link Kind#REGISTRY_UNAVAILABLE} is worth retrying; every other kind is a property of the bytes
 * and will fail again, so the record belongs on a rejected/dead-letter topic.
 */
public class AvroPayloadException extends SerializationException {
    private static final long serialVersionUID = 1L;

    /** Why a payload could not be decoded. */
    public enum Kind {
        /** The first byte is not 0, so the value was not written in the schema-registry wire format. */
        UNKNOWN_MAGIC_BYTE,
        /** The schema id in the header is not known to the registry. */
        UNKNOWN_SCHEMA_ID,
        /** The payload ends before the header or the Avro data is complete. */
        TRUNCATED_PAYLOAD,
        /** The Avro data is corrupt: invalid lengths, union or enum indexes, or bytes left over. */
        MALFORMED_PAYLOAD,
        /** The writer schema is a different record than the reader expects, or cannot be resolved to it. */
        WRONG_RECORD_TYPE,
        /** The registry could not be asked for the writer schema; retrying may succeed. */
        REGISTRY_UNAVAILABLE;

        /** Whether the same bytes may decode on a later attempt. */
        public boolean retriable() {
            return this == REGISTRY_UNAVAILABLE;
        }
    }

    private final Kind kind;
    private final String topic;
    private final String detail;

    /**
     * @param topic topic the bytes came from (may be null when unknown)
     * @param detail specific description of what was wrong, without the payload itself
     */
    public AvroPayloadException(Kind kind, String topic, String detail, Throwable cause) {
        super("Cannot deserialize Avro value from topic " + topic + ": " + kind + ": " + detail, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.topic = topic;
        this.detail = detail;
    }

    public AvroPayloadException(Kind kind, String topic, String detail) {
        this(kind, topic, detail, null);
    }

    public Kind kind() {
        return kind;
    }

    public String topic() {
        return topic;
    }

    /** What was wrong, without the topic prefix. */
    public String detail() {
        return detail;
    }
}
