package dev.routeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.routeplane.contract.TenantSpend;
import dev.routeplane.schemas.testing.InMemorySchemaRegistryClient;
import dev.routeplane.schemas.testing.SampleRecords;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SerializerModesTest {
    private static final String TOPIC = "rp.tenant-spend.v1";

    @Test
    void withoutAutoRegisterUsesTheAlreadyRegisteredId() {
        // given
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(40);
        registry.register(TOPIC + "-value", TenantSpend.getClassSchema());
        RegistryAvroSerializer<TenantSpend> serializer = new RegistryAvroSerializer<>(registry);
        serializer.configure(Map.of(RegistrySerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false);

        // when
        byte[] bytes = serializer.serialize(TOPIC, SampleRecords.tenantSpend());

        // then
        assertThat(bytes).startsWith(0, 0, 0, 0, 40);
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaFailsNamingTheSubject() {
        // given
        RegistryAvroSerializer<TenantSpend> serializer =
                new RegistryAvroSerializer<>(new InMemorySchemaRegistryClient());
        serializer.configure(Map.of(RegistrySerdeConfig.AUTO_REGISTER_SCHEMAS, false), false);

        // when
        SerializationException e = catchThrowableOfType(
                SerializationException.class, () -> serializer.serialize(TOPIC, SampleRecords.tenantSpend()));

        // then
        assertThat(e.getMessage())
                .startsWith(
                        "Cannot get a schema id for dev.routeplane.contract.TenantSpend under"
                                + " subject rp.tenant-spend.v1-value (auto.register.schemas=false, use.latest.version=false): ");
    }

    @Test
    void useLatestVersionProjectsTheRecordOntoTheLatestSchema() {
        // given a subject whose latest schema is a newer TenantSpend with an extra defaulted field
        Schema newer = new Schema.Parser()
                .parse(TenantSpend.getClassSchema()
                        .toString()
                        .replace(
                                "\"fields\":[",
                                "\"fields\":[{\"name\":\"currency\",\"type\":\"string\",\"default\":\"USD\"},"));
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        registry.register(TOPIC + "-value", TenantSpend.getClassSchema());
        int newerId = registry.register(TOPIC + "-value", newer);
        RegistryAvroSerializer<TenantSpend> serializer = new RegistryAvroSerializer<>(registry);
        serializer.configure(
                Map.of(
                        RegistrySerdeConfig.AUTO_REGISTER_SCHEMAS,
                        "false",
                        RegistrySerdeConfig.USE_LATEST_VERSION,
                        "true"),
                false);

        // when
        byte[] bytes = serializer.serialize(TOPIC, SampleRecords.tenantSpend());

        // then the bytes carry the newer id and decode under it with the default filled in
        assertThat(bytes[4]).isEqualTo((byte) newerId);
        RegistryAvroDeserializer<Object> generic = new RegistryAvroDeserializer<>(registry);
        generic.configure(Map.of(RegistrySerdeConfig.SPECIFIC_AVRO_READER, "false"), false);
        GenericRecord record = (GenericRecord) generic.deserialize(TOPIC, bytes);
        assertThat(record.get("currency").toString()).isEqualTo("USD");
        assertThat(record.get("spentMicros")).isEqualTo(12_345_678L);
        RegistryAvroDeserializer<TenantSpend> specific = new RegistryAvroDeserializer<>(registry, TenantSpend.class);
        specific.configure(Map.of(), false);
        assertThat(specific.deserialize(TOPIC, bytes)).isEqualTo(SampleRecords.tenantSpend());
    }

    @Test
    void keySerializerUsesTheKeySubject() {
        // given
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        RegistryAvroSerializer<TenantSpend> serializer = new RegistryAvroSerializer<>(registry);
        serializer.configure(Map.of(), true);

        // when
        serializer.serialize(TOPIC, SampleRecords.tenantSpend());

        // then
        assertThat(registry.subjects()).containsExactly("rp.tenant-spend.v1-key");
    }

    @Test
    void deserializerReadsIntoTheClassNamedBySpecificAvroValueType() {
        // given
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        RegistryAvroSerializer<TenantSpend> serializer = new RegistryAvroSerializer<>(registry);
        serializer.configure(Map.of(), false);
        byte[] bytes = serializer.serialize(TOPIC, SampleRecords.tenantSpend());
        RegistryAvroDeserializer<Object> deserializer = new RegistryAvroDeserializer<>(registry);
        deserializer.configure(
                Map.of(RegistrySerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, TenantSpend.class.getName()), false);

        // when / then
        assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(SampleRecords.tenantSpend());
    }
}
