package dev.routeplane.schemas;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * A topic with the Avro record type of its values. Keys are always UTF-8 strings; which string is
 * documented on the {@link Topics} method that returns the spec.
 *
 * <p>Pairing the name with the value type means a consumer cannot read a topic with the wrong serde:
 * {@code serdes.valueSerde(topics.results())} is typed {@code Serde<ExecutionResult>}.
 *
 * @param name full topic name, e.g. {@code rp.results.v1}
 * @param valueType generated Avro class of the values
 * @param partitions partition count to create the topic with
 * @param cleanupPolicy {@code cleanup.policy} the topic must have
 * @param retention {@code retention.ms}; {@code null} leaves the broker default, {@link #FOREVER}
 *     keeps records forever ({@code -1})
 */
public record TopicSpec<V extends SpecificRecord>(
        String name, Class<V> valueType, int partitions, CleanupPolicy cleanupPolicy, Duration retention) {

    /** Retention meaning "never delete by time", written to Kafka as {@code retention.ms=-1}. */
    public static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        if (partitions < 1) {
            throw new IllegalArgumentException("Topic " + name + " needs at least 1 partition, got " + partitions);
        }
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException(
                    "Topic " + name + " retention must be positive, FOREVER or null, got " + retention);
        }
    }

    /** Whether the topic is a compacted table rather than an event stream. */
    public boolean compacted() {
        return cleanupPolicy == CleanupPolicy.COMPACT;
    }

    /** Schema registry subject of the values under the TopicNameStrategy: {@code <name>-value}. */
    public String valueSubject() {
        return name + "-value";
    }

    /**
     * Topic-level configs to create the topic with: always {@code cleanup.policy}, plus
     * {@code retention.ms} when a retention is set.
     */
    public Map<String, String> topicConfigs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("cleanup.policy", cleanupPolicy.configValue());
        if (retention != null) {
            configs.put("retention.ms", FOREVER.equals(retention) ? "-1" : Long.toString(retention.toMillis()));
        }
        return Collections.unmodifiableMap(configs);
    }
}
