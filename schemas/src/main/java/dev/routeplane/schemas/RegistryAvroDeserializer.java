package dev.routeplane.schemas;

import dev.routeplane.schemas.AvroPayloadException.Kind;
import dev.routeplane.schemas.internal.WireFormat;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for the Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro binary).
 * The writer schema is fetched from the registry by id (cached) and resolved against the reader's schema,
 * so records written with older or newer compatible schemas decode into the current generated class.
 *
 * <p>Target type, in order: the class given to the constructor; {@code specific.avro.value.type} /
 * {@code specific.avro.key.type}; with {@code specific.avro.reader=true} (default) the generated class named
 * like the writer schema; otherwise a {@link org.apache.avro.generic.GenericRecord}. Property names are
 * Confluent's, so this class and {@code io.confluent.kafka.serializers.KafkaAvroDeserializer} are
 * interchangeable by configuration.
 *
 * <p>Bad bytes fail with an {@link AvroPayloadException} of a specific {@link Kind}, never a bare Avro error.
 * A null value (tombstone) deserializes to null. Thread-safe after {@link #configure}.
 */
public class RegistryAvroDeserializer<T> implements Deserializer<T> {

    private SchemaRegistryClient registry;
    private Class<?> type;
    private boolean specificReader = true;
    private final ConcurrentMap<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();

    /** For Kafka's reflective instantiation; {@link #configure} creates the registry client. */
    public RegistryAvroDeserializer() {}

    /** A deserializer using the given registry, reading into the class the writer schema names. */
    public RegistryAvroDeserializer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /**
     * A deserializer reading every value into {@code type}; values whose writer schema is another record
     * fail with {@link Kind#WRONG_RECORD_TYPE}.
     */
    public RegistryAvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
        this.registry = registry;
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("Type " + type + " is not a generated Avro SpecificRecord class");
        }
        this.type = type;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        RegistrySerdeConfig config = RegistrySerdeConfig.from(configs);
        specificReader = config.specificAvroReader();
        if (type == null) {
            (isKey ? config.keyType() : config.valueType()).ifPresent(name -> type = load(name, isKey));
        }
        if (registry == null) {
            registry = HttpSchemaRegistryClient.fromConfig(configs);
        }
        readers.clear();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length == 0) {
            throw new AvroPayloadException(
                    Kind.TRUNCATED_PAYLOAD,
                    topic,
                    "payload is empty; expected magic byte 0, a 4-byte schema id and Avro data");
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new AvroPayloadException(
                    Kind.UNKNOWN_MAGIC_BYTE,
                    topic,
                    String.format(
                            "first byte is 0x%02X, expected 0x00: the value was not written by a schema-registry Avro serializer%s",
                            data[0], data[0] == '{' ? " (it looks like JSON)" : ""));
        }
        if (data.length < WireFormat.HEADER_LENGTH) {
            throw new AvroPayloadException(
                    Kind.TRUNCATED_PAYLOAD,
                    topic,
                    "payload is " + data.length + " bytes, shorter than the 5-byte header (magic byte and schema id)");
        }
        int id = WireFormat.readSchemaId(data);
        DatumReader<Object> reader = readers.get(id);
        if (reader == null) {
            reader = readerFor(topic, id);
            readers.putIfAbsent(id, reader);
        }
        return (T) decode(topic, id, reader, data);
    }

    private Object decode(String topic, int id, DatumReader<Object> reader, byte[] data) {
        int avroLength = data.length - WireFormat.HEADER_LENGTH;
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH, avroLength, null);
        Object value;
        try {
            value = reader.read(null, decoder);
        } catch (EOFException e) {
            throw new AvroPayloadException(
                    Kind.TRUNCATED_PAYLOAD,
                    topic,
                    "Avro data ends early: " + avroLength
                            + " bytes after the header are not a complete record of schema id " + id,
                    e);
        } catch (AvroTypeException e) {
            throw new AvroPayloadException(
                    Kind.WRONG_RECORD_TYPE,
                    topic,
                    "writer schema id " + id + " cannot be resolved to the reader schema: " + e.getMessage(),
                    e);
        } catch (IOException | RuntimeException e) {
            throw new AvroPayloadException(
                    Kind.MALFORMED_PAYLOAD,
                    topic,
                    "Avro data of schema id " + id + " is corrupt: "
                            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    e);
        }
        try {
            if (!decoder.isEnd()) {
                throw new AvroPayloadException(
                        Kind.MALFORMED_PAYLOAD,
                        topic,
                        "bytes left over after a complete record of" + " schema id " + id
                                + "; the payload is corrupt or was written with a different schema id");
            }
        } catch (IOException e) {
            throw new AvroPayloadException(Kind.MALFORMED_PAYLOAD, topic, "cannot check end of payload", e);
        }
        return value;
    }

    private DatumReader<Object> readerFor(String topic, int id) {
        Schema writer = writerSchema(topic, id);
        Class<?> target = type;
        if (target == null && specificReader) {
            target = SpecificData.get().getClass(writer);
            if (target == null || !SpecificRecord.class.isAssignableFrom(target)) {
                throw new AvroPayloadException(
                        Kind.WRONG_RECORD_TYPE,
                        topic,
                        "schema id " + id + " is "
                                + writer.getFullName() + ", which has no generated class on the classpath; set "
                                + RegistrySerdeConfig.SPECIFIC_AVRO_READER + "=false to read generic records");
            }
        }
        if (target == null) {
            return new GenericDatumReader<>(writer, writer, GenericData.get());
        }
        SpecificData model = SpecificData.getForClass(target);
        Schema reader = model.getSchema(target);
        if (writer.getType() != Schema.Type.RECORD
                || !(writer.getFullName().equals(reader.getFullName())
                        || reader.getAliases().contains(writer.getFullName()))) {
            throw new AvroPayloadException(
                    Kind.WRONG_RECORD_TYPE,
                    topic,
                    "schema id " + id + " is " + describe(writer) + " but this deserializer reads "
                            + reader.getFullName());
        }
        return new SpecificDatumReader<>(writer, reader, model);
    }

    private Schema writerSchema(String topic, int id) {
        if (registry == null) {
            throw new AvroPayloadException(
                    Kind.REGISTRY_UNAVAILABLE,
                    topic,
                    "deserializer used before configure(): set " + RegistrySerdeConfig.SCHEMA_REGISTRY_URL
                            + " or pass a SchemaRegistryClient");
        }
        try {
            return registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new AvroPayloadException(
                        Kind.UNKNOWN_SCHEMA_ID,
                        topic,
                        "schema id " + id + " is not registered in the schema registry (" + e.getMessage() + ")",
                        e);
            }
            throw new AvroPayloadException(
                    Kind.REGISTRY_UNAVAILABLE,
                    topic,
                    "cannot fetch schema id " + id + " from the schema registry: " + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            throw new AvroPayloadException(
                    Kind.REGISTRY_UNAVAILABLE,
                    topic,
                    "cannot fetch schema id " + id + " from the schema registry: " + e,
                    e);
        }
    }

    private static String describe(Schema schema) {
        return schema.getType() == Schema.Type.RECORD
                ? "record " + schema.getFullName()
                : "a " + schema.getType() + " schema";
    }

    private static Class<?> load(String className, boolean isKey) {
        String property =
                isKey ? RegistrySerdeConfig.SPECIFIC_AVRO_KEY_TYPE : RegistrySerdeConfig.SPECIFIC_AVRO_VALUE_TYPE;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> type = Class.forName(
                    className, true, loader != null ? loader : RegistryAvroDeserializer.class.getClassLoader());
            if (!SpecificRecord.class.isAssignableFrom(type)) {
                throw new ConfigException(property, className, "must be a generated Avro SpecificRecord class");
            }
            return type;
        } catch (ClassNotFoundException e) {
            throw new ConfigException(property, className, "class not found");
        }
    }

    @Override
    public void close() {
        // The registry client holds no resources that need closing.
    }
}
