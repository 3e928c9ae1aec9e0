package dev.routeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the conventions of DESIGN.md "Contracts" on every record reachable from a topic. */
class ContractConventionsTest {
    /** Doubles are allowed only for scores and rates, never money. */
    private static final Set<String> ALLOWED_DOUBLES = Set.of(
            "Estimates.quality",
            "CandidateEstimate.quality",
            "RouteStats.qualityEstimate",
            "Feedback.score",
            "ProviderHealth.errorRate",
            "Cascade.scoreThreshold");

    private static final List<Schema> NAMED = new ArrayList<>();

    @BeforeAll
    static void collectEveryNamedSchema() {
        Set<String> seen = new HashSet<>();
        for (TopicSpec<?> topic : Topics.defaults().all(List.of("openai"))) {
            collect(Schema.class.cast(schemaOf(topic)), seen);
        }
    }

    @Test
    void everyTopLevelRecordHasATopic() {
        assertThat(NAMED)
                .extracting(Schema::getName)
                .contains(
                        "RouteRequest",
                        "RoutingDecision",
                        "ExecutionTask",
                        "ExecutionResult",
                        "CostEvent",
                        "Feedback",
                        "TenantSpend",
                        "RouteStats",
                        "AliasBinding",
                        "RejectedRequest",
                        "ProviderHealth",
                        "BatchState",
                        "ProviderBatch");
    }

    @Test
    void everyNamedTypeIsInTheContractNamespaceAndDocumented() {
        assertThat(NAMED).allSatisfy(schema -> {
            assertThat(schema.getNamespace()).as(schema.getName()).isEqualTo("dev.routeplane.contract");
            assertThat(schema.getDoc()).as(schema.getName()).isNotBlank();
            assertThat(schema.getName()).as("PascalCase").matches("[A-Z][A-Za-z0-9]*");
        });
    }

    @Test
    void everyFieldIsCamelCaseAndDocumented() {
        assertThat(fields()).allSatisfy(f -> {
            assertThat(f.field().name()).as(f.path()).matches("[a-z][A-Za-z0-9]*");
            assertThat(f.field().doc()).as(f.path()).isNotBlank();
        });
    }

    @Test
    void moneyIsLongMicrosAndNeverFloatingPoint() {
        assertThat(fields()).allSatisfy(f -> {
            Schema type = nonNull(f.field().schema());
            if (f.field().name().endsWith("Micros")) {
                assertThat(type.getType()).as(f.path()).isEqualTo(Schema.Type.LONG);
            }
            if (type.getType() == Schema.Type.DOUBLE || type.getType() == Schema.Type.FLOAT) {
                assertThat(ALLOWED_DOUBLES).as(f.path() + " is floating point").contains(f.path());
            }
            assertThat(f.field().name().toLowerCase()).as(f.path()).doesNotContain("usd");
        });
    }

    @Test
    void optionalFieldsPutNullFirstAndDefaultToNull() {
        assertThat(fields()).allSatisfy(f -> {
            Schema schema = f.field().schema();
            if (schema.getType() == Schema.Type.UNION) {
                assertThat(schema.getTypes().get(0).getType()).as(f.path()).isEqualTo(Schema.Type.NULL);
                assertThat(f.field().defaultVal()).as(f.path()).isEqualTo(JsonProperties.NULL_VALUE);
            }
        });
    }

    @Test
    void timestampsAreTimestampMillis() {
        assertThat(fields())
                .filteredOn(f -> f.field().name().endsWith("At"))
                .allSatisfy(f -> assertThat(nonNull(f.field().schema()).getLogicalType())
                        .as(f.path())
                        .isEqualTo(LogicalTypes.timestampMillis()));
    }

    private record NamedField(String path, Field field) {}

    private static List<NamedField> fields() {
        List<NamedField> fields = new ArrayList<>();
        for (Schema schema : NAMED) {
            if (schema.getType() == Schema.Type.RECORD) {
                schema.getFields().forEach(f -> fields.add(new NamedField(schema.getName() + "." + f.name(), f)));
            }
        }
        return fields;
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream()
                .filter(s -> s.getType() != Schema.Type.NULL)
                .findFirst()
                .orElseThrow();
    }

    private static Schema schemaOf(TopicSpec<?> topic) {
        try {
            return (Schema) topic.valueType().getMethod("getClassSchema").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(Schema schema, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.add(schema.getFullName())) {
                    NAMED.add(schema);
                    schema.getFields().forEach(f -> collect(f.schema(), seen));
                }
            }
            case ENUM -> {
                if (seen.add(schema.getFullName())) {
                    NAMED.add(schema);
                }
            }
            case UNION -> schema.getTypes().forEach(s -> collect(s, seen));
            case ARRAY -> collect(schema.getElementType(), seen);
            case MAP -> collect(schema.getValueType(), seen);
            default -> {}
        }
    }
}
