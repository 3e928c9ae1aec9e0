package dev.routeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionMode;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.schemas.internal.WireFormat;
import dev.routeplane.schemas.testing.InMemorySchemaRegistryClient;
import dev.routeplane.schemas.testing.SampleRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

    /** CostEvent as it might have looked before batchId was added. */
    private static final Schema COST_EVENT_V0 = new Schema.Parser().parse("""
      {"type":"record","name":"CostEvent","namespace":"dev.routeplane.contract","fields":[
        {"name":"eventId","type":"string"},{"name":"requestId","type":"string"},
        {"name":"tenantId","type":"string"},{"name":"lane","type":"string"},
        {"name":"provider","type":"string"},{"name":"model","type":"string"},
        {"name":"keyProfile","type":"string"},{"name":"inputTokens","type":"int"},
        {"name":"outputTokens","type":"int"},{"name":"costMicros","type":"long"},
        {"name":"latencyMs","type":"long"},{"name":"outcome","type":"string"},
        {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}}]}
      """);

    @Test
    void currentReaderReadsBytesWrittenBeforeADefaultedFieldWasAdded() throws IOException {
        // given bytes written with the old schema (no batchId), registered as id 1
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        int oldId = registry.register("rp.ledger.v1-value", COST_EVENT_V0);
        GenericRecord old = new GenericData.Record(COST_EVENT_V0);
        old.put("eventId", "e-1");
        old.put("requestId", "req-1");
        old.put("tenantId", "acme");
        old.put("lane", "batch-cheap");
        old.put("provider", "openai");
        old.put("model", "gpt-4o-mini");
        old.put("keyProfile", "openai-eu-1");
        old.put("inputTokens", 1_000);
        old.put("outputTokens", 500);
        old.put("costMicros", 450L);
        old.put("latencyMs", 800L);
        old.put("outcome", "SUCCEEDED");
        old.put("at", SampleRecords.T0.toEpochMilli());
        byte[] bytes = wire(oldId, COST_EVENT_V0, old);
        RegistryAvroDeserializer<CostEvent> reader = new RegistryAvroDeserializer<>(registry, CostEvent.class);
        reader.configure(Map.of(), false);

        // when
        CostEvent event = reader.deserialize("rp.ledger.v1", bytes);

        // then the new fields take their defaults and every old field keeps its value
        assertThat(event.getBatchId()).isNull();
        assertThat(event.getExecutionMode()).isEqualTo(ExecutionMode.SYNCHRONOUS);
        assertThat(event.getProviderBatchId()).isNull();
        assertThat(event.getEventId()).isEqualTo("e-1");
        assertThat(event.getCostMicros()).isEqualTo(450L);
        assertThat(event.getInputTokens()).isEqualTo(1_000);
        assertThat(event.getAt()).isEqualTo(SampleRecords.T0);
    }

    @Test
    void currentSchemaIsBackwardCompatibleWithTheOldOne() {
        // given a subject holding the old schema
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        registry.register("rp.ledger.v1-value", COST_EVENT_V0);

        // when / then
        assertThat(registry.testCompatibility("rp.ledger.v1-value", CostEvent.getClassSchema()))
                .isTrue();
    }

    @Test
    void decisionWithCandidateEstimatesIsBackwardCompatibleWithDecisionsWrittenBefore() {
        // given the subject holding RoutingDecision as it was before Estimates.candidates
        Schema current = RoutingDecision.getClassSchema();
        Schema estimates = current.getField("estimates").schema();
        Schema oldEstimates = Schema.createRecord(
                estimates.getName(),
                estimates.getDoc(),
                estimates.getNamespace(),
                false,
                estimates.getFields().stream()
                        .filter(f -> !f.name().equals("candidates"))
                        .map(f -> new Schema.Field(f, f.schema()))
                        .toList());
        Schema old = Schema.createRecord(
                current.getName(),
                current.getDoc(),
                current.getNamespace(),
                false,
                current.getFields().stream()
                        .map(f -> new Schema.Field(f, f.name().equals("estimates") ? oldEstimates : f.schema()))
                        .toList());
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        registry.register("rp.decisions.v1-value", old);

        // when / then
        assertThat(registry.testCompatibility("rp.decisions.v1-value", current)).isTrue();
        assertThat(current.getField("estimates").schema().getField("candidates").defaultVal())
                .isEqualTo(List.of());
    }

    @Test
    void readerFailsWithWrongRecordTypeWhenARequiredFieldHasNoDefault() throws IOException {
        // given old bytes lacking keyProfile, which the current CostEvent requires without a default
        Schema withoutKeyProfile = new Schema.Parser()
                .parse(COST_EVENT_V0.toString().replace("{\"name\":\"keyProfile\",\"type\":\"string\"},", ""));
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        int id = registry.register("rp.ledger.v1-value", withoutKeyProfile);
        GenericRecord old = new GenericData.Record(withoutKeyProfile);
        withoutKeyProfile
                .getFields()
                .forEach(f -> old.put(
                        f.name(),
                        f.schema().getType() == Schema.Type.STRING
                                ? "x"
                                : f.schema().getType() == Schema.Type.INT ? (Object) 1 : (Object) 1L));
        RegistryAvroDeserializer<CostEvent> reader = new RegistryAvroDeserializer<>(registry, CostEvent.class);
        reader.configure(Map.of(), false);

        // when
        AvroPayloadException e = catchThrowableOfType(
                AvroPayloadException.class, () -> reader.deserialize("rp.ledger.v1", wire(id, withoutKeyProfile, old)));

        // then
        assertThat(e.kind()).isEqualTo(AvroPayloadException.Kind.WRONG_RECORD_TYPE);
        assertThat(e.detail())
                .startsWith("writer schema id 1 cannot be resolved to the reader schema: ")
                .contains("keyProfile");
    }

    private static byte[] wire(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[WireFormat.HEADER_LENGTH];
        WireFormat.writeHeader(header, id);
        out.write(header);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void resultsWithTheCancelledStatusAreBackwardCompatibleWithResultsBeforeIt() {
        // given a subject holding ExecutionResult as it was before CANCELLED was added
        Schema before = new Schema.Parser()
                .parse(ExecutionResult.getClassSchema().toString().replace(",\"CANCELLED\"", ""));
        assertThat(before.getField("status").schema().getEnumSymbols()).doesNotContain("CANCELLED");
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        registry.register("rp.results.v1-value", before);

        // when / then
        assertThat(registry.testCompatibility("rp.results.v1-value", ExecutionResult.getClassSchema()))
                .isTrue();
    }
}
