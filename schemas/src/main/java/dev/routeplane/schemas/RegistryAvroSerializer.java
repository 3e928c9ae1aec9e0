package dev.routeplane.schemas;

import dev.routeplane.schemas.internal.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer writing Avro specific records in the Confluent wire format (magic byte 0, 4-byte
 * big-endian schema id, Avro binary), with subjects named by the TopicNameStrategy
 * ({@code <topic>-value} / {@code <topic>-key}).
 *
 * <p>Configured with Confluent's property names ({@link RegistrySerdeConfig}): {@code schema.registry.url},
 * {@code auto.register.schemas} (default true), {@code use.latest.version} (default false),
 * {@code basic.auth.user.info}. Because names and bytes are the same, a deployment can switch to
 * {@code io.confluent.kafka.serializers.KafkaAvroSerializer} by changing only {@code value.serializer}, and
 * records written by either are readable by both deserializers.
 *
 * <p>Schema selection, as in Confluent's serializer: with auto-registration the record's schema is
 * registered; otherwise with {@code use.latest.version} the subject's latest schema is used and the record is
 * projected onto it by Avro schema resolution; otherwise the record's schema must already be registered.
 * Ids are cached per (subject, schema) for the life of the instance. Thread-safe after {@link #configure}.
 */
public class RegistryAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private SchemaRegistryClient registry;
    private RegistrySerdeConfig config = RegistrySerdeConfig.from(Map.of());
    private boolean isKey;
    private final ConcurrentMap<SubjectSchema, Target> targets = new ConcurrentHashMap<>();
    private final ConcurrentMap<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {}

    /** The id to write and, when it differs from the record's own, the schema to project the record onto. */
    private record Target(int id, Schema projectTo) {}

    /** For Kafka's reflective instantiation; {@link #configure} creates the registry client. */
    public RegistryAvroSerializer() {}

    /** A serializer using the given registry; {@link #configure} then only reads the serde options. */
    public RegistryAvroSerializer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = RegistrySerdeConfig.from(configs);
        this.isKey = isKey;
        if (registry == null) {
            registry = HttpSchemaRegistryClient.fromConfig(configs);
        }
        targets.clear();
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null; // tombstone
        }
        if (registry == null) {
            throw new SerializationException("RegistryAvroSerializer used before configure(): set "
                    + RegistrySerdeConfig.SCHEMA_REGISTRY_URL + " or pass a SchemaRegistryClient");
        }
        Schema schema = record.getSchema();
        String subject = topic + (isKey ? "-key" : "-value");
        Target target = targets.get(new SubjectSchema(subject, schema));
        if (target == null) {
            target = resolveTarget(subject, schema);
            targets.putIfAbsent(new SubjectSchema(subject, schema), target);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            byte[] header = new byte[WireFormat.HEADER_LENGTH];
            WireFormat.writeHeader(header, target.id());
            out.write(header);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            if (target.projectTo() == null) {
                writerFor(schema).write(record, encoder);
            } else {
                new GenericDatumWriter<Object>(target.projectTo()).write(project(record, target.projectTo()), encoder);
            }
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Cannot serialize " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private Target resolveTarget(String subject, Schema schema) {
        try {
            if (config.autoRegisterSchemas()) {
                return new Target(registry.register(subject, schema), null);
            }
            if (config.useLatestVersion()) {
                RegisteredSchema latest = registry.latest(subject);
                return new Target(latest.id(), latest.schema().equals(schema) ? null : latest.schema());
            }
            return new Target(registry.lookup(subject, schema).id(), null);
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "Cannot get a schema id for " + schema.getFullName() + " under subject "
                            + subject + " (auto.register.schemas=" + config.autoRegisterSchemas()
                            + ", use.latest.version="
                            + config.useLatestVersion() + "): " + e.getMessage(),
                    e);
        }
    }

    private DatumWriter<Object> writerFor(Schema schema) {
        // SpecificData.getForSchema picks the generated class's model, which knows its logical-type conversions.
        return writers.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, SpecificData.getForSchema(s)));
    }

    /** Re-reads the record under the target schema, the same resolution a consumer would apply. */
    private Object project(T record, Schema target) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(buffer, null);
        writerFor(record.getSchema()).write(record, encoder);
        encoder.flush();
        GenericDatumReader<Object> reader = new GenericDatumReader<>(record.getSchema(), target, GenericData.get());
        return reader.read(null, DecoderFactory.get().binaryDecoder(buffer.toByteArray(), null));
    }

    @Override
    public void close() {
        // The registry client holds no resources that need closing.
    }
}
