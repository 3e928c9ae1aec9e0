package dev.routeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.AliasBinding;
import dev.routeplane.schemas.testing.InMemorySchemaRegistryClient;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void serializerWritesTheConfluentWireFormatByteForByte() {
        // given an alias binding with short strings, three null unions and one non-null union,
        // registered as schema id 258 so every header byte is distinguishable
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        registry.registerWithId("rp.aliases.v1-value", AliasBinding.getClassSchema(), 258);
        RegistryAvroSerializer<AliasBinding> serializer = new RegistryAvroSerializer<>(registry);
        serializer.configure(Map.of(), false);
        AliasBinding binding = AliasBinding.newBuilder()
                .setAlias("fast")
                .setProvider("openai")
                .setModel("gpt-4o")
                .setVersion(null)
                .setWeights(null)
                .setPrevious(null)
                .setReason("rb")
                .setChangedBy(null)
                .setBoundAt(Instant.ofEpochMilli(1000))
                .build();

        // when
        byte[] bytes = serializer.serialize("rp.aliases.v1", binding);

        // then, derived by hand from the Avro spec (strings: zigzag varint length then UTF-8 bytes;
        // unions: zigzag varint branch index; longs: zigzag varint):
        byte[] expected = {
            0x00, // magic byte
            0x00,
            0x00,
            0x01,
            0x02, // schema id 258 = 0x00000102, big-endian
            0x08,
            'f',
            'a',
            's',
            't', // alias: length 4 -> zigzag 8 = 0x08
            0x0C,
            'o',
            'p',
            'e',
            'n',
            'a',
            'i', // provider: length 6 -> zigzag 12 = 0x0C
            0x0C,
            'g',
            'p',
            't',
            '-',
            '4',
            'o', // model: length 6 -> 0x0C
            0x00, // version: union branch 0 (null) -> zigzag 0
            0x00, // weights: null branch
            0x00, // previous: null branch
            0x02,
            0x04,
            'r',
            'b', // reason: branch 1 -> zigzag 2, then length 2 -> 0x04
            0x00, // changedBy: null branch
            (byte) 0xD0,
            0x0F // boundAt 1000 ms -> zigzag 2000 = 0b1111_1010000:
            //   low 7 bits 0x50 with continuation bit = 0xD0, then 15 = 0x0F
        };
        assertThat(bytes).containsExactly(expected);
    }

    @Test
    void deserializerReadsTheHandComputedVectorBack() {
        // given the same hand-computed bytes and registry
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        registry.registerWithId("rp.aliases.v1-value", AliasBinding.getClassSchema(), 258);
        RegistryAvroDeserializer<AliasBinding> deserializer =
                new RegistryAvroDeserializer<>(registry, AliasBinding.class);
        deserializer.configure(Map.of(), false);
        byte[] bytes = {
            0,
            0,
            0,
            1,
            2,
            8,
            'f',
            'a',
            's',
            't',
            12,
            'o',
            'p',
            'e',
            'n',
            'a',
            'i',
            12,
            'g',
            'p',
            't',
            '-',
            '4',
            'o',
            0,
            0,
            0,
            2,
            4,
            'r',
            'b',
            0,
            (byte) 0xD0,
            0x0F
        };

        // when
        AliasBinding binding = deserializer.deserialize("rp.aliases.v1", bytes);

        // then
        assertThat(binding.getAlias()).isEqualTo("fast");
        assertThat(binding.getProvider()).isEqualTo("openai");
        assertThat(binding.getModel()).isEqualTo("gpt-4o");
        assertThat(binding.getVersion()).isNull();
        assertThat(binding.getWeights()).isNull();
        assertThat(binding.getReason()).isEqualTo("rb");
        assertThat(binding.getBoundAt()).isEqualTo(Instant.ofEpochMilli(1000));
    }

    @Test
    void nullValueSerializesToNullForTombstones() {
        // given
        RegistryAvroSerializer<AliasBinding> serializer =
                new RegistryAvroSerializer<>(new InMemorySchemaRegistryClient());
        serializer.configure(Map.of(), false);

        // when / then
        assertThat(serializer.serialize("rp.aliases.v1", null)).isNull();
    }
}
