package dev.routeplane.schemas;

import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Builds ready-to-use serdes for Routeplane topics from serde properties, sharing one registry client (and
 * so one schema cache) between them. No global state: tests and processes can hold several instances.
 *
 * <pre>{@code
 * RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", "http://localhost:8081"));
 * builder.stream(topics.requests().name(), Consumed.with(serdes.keySerde(), serdes.valueSerde(topics.requests())));
 * }</pre>
 *
 * The returned serdes are already configured; Kafka Streams does not configure serdes passed to
 * {@code Consumed}/{@code Produced}, and configuring them again is harmless.
 */
public final class RouteplaneSerdes {
    private final Map<String, Object> configs;
    private final SchemaRegistryClient registry;

    /**
     * @param configs serde properties; {@code schema.registry.url} is required
     * @throws org.apache.kafka.common.config.ConfigException if the registry URL is missing or malformed
     */
    public RouteplaneSerdes(Map<String, ?> configs) {
        this(configs, HttpSchemaRegistryClient.fromConfig(configs));
    }

    /** Serdes using the given registry client; the other properties are read from {@code configs}. */
    public RouteplaneSerdes(Map<String, ?> configs, SchemaRegistryClient registry) {
        this.configs = Map.copyOf(configs);
        this.registry = Objects.requireNonNull(registry, "registry");
        RegistrySerdeConfig.from(this.configs); // fail fast on malformed options
    }

    /** Value serde for the topic, reading into the topic's generated class. */
    public <V extends SpecificRecord> Serde<V> valueSerde(TopicSpec<V> topic) {
        RegistryAvroSerializer<V> serializer = new RegistryAvroSerializer<>(registry);
        RegistryAvroDeserializer<V> deserializer = new RegistryAvroDeserializer<>(registry, topic.valueType());
        Serde<V> serde = Serdes.serdeFrom(serializer, deserializer);
        serde.configure(configs, false);
        return serde;
    }

    /** Key serde: keys of all Routeplane topics are UTF-8 strings. */
    public Serde<String> keySerde() {
        return Serdes.String();
    }

    /** A decoder for raw {@code byte[]} values of the topic that reports partition and offset on failure. */
    public <V extends SpecificRecord> RecordDecoder<V> decoder(TopicSpec<V> topic) {
        RegistryAvroDeserializer<V> deserializer = new RegistryAvroDeserializer<>(registry, topic.valueType());
        deserializer.configure(configs, false);
        return new RecordDecoder<>(deserializer);
    }

    /** The shared registry client. */
    /** The serde properties these serdes were configured with (registry URL, auth, serde options). */
    public Map<String, Object> configs() {
        return configs;
    }

    public SchemaRegistryClient registry() {
        return registry;
    }
}
