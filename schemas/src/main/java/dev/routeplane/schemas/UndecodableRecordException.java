package dev.routeplane.schemas;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A consumed record could not be decoded; names where it sits (topic, partition, offset) so it can be
 * inspected with any Kafka tool and routed to a rejected topic with reason code {@code UNDESERIALIZABLE}.
 */
public class UndecodableRecordException extends SerializationException {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final int partition;
    private final long offset;
    private final AvroPayloadException.Kind kind;
    private final String detail;

    public UndecodableRecordException(
            String topic, int partition, long offset, AvroPayloadException.Kind kind, String detail, Throwable cause) {
        super(
                "Undecodable record in topic " + topic + " partition " + partition + " offset " + offset + ": " + kind
                        + ": " + detail,
                cause);
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.kind = kind;
        this.detail = detail;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public AvroPayloadException.Kind kind() {
        return kind;
    }

    /** What was wrong with the bytes. */
    public String detail() {
        return detail;
    }
}
