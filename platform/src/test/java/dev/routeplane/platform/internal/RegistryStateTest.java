package dev.routeplane.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.platform.internal.RegistryRecord.ConfigRecord;
import dev.routeplane.platform.internal.RegistryRecord.SchemaRecord;
import dev.routeplane.platform.internal.RegistryState.SubjectVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryStateTest {
    private static final String STRING = "\"string\"";
    private static final String INT = "\"int\"";

    @Test
    void firstRecordForASubjectVersionWinsOnReplay() {
        RegistryState state = new RegistryState();

        assertThat(state.apply(new SchemaRecord("a", 1, 1, STRING))).isTrue();
        assertThat(state.apply(new SchemaRecord("a", 1, 2, INT))).isFalse();

        assertThat(state.versions("a")).containsExactly(new SubjectVersion("a", 1, 1, STRING));
        assertThat(state.schemaById(2)).isEmpty();
        assertThat(state.maxId()).isEqualTo(1);
    }

    @Test
    void anIdBoundToOneSchemaCannotBeReboundToAnother() {
        RegistryState state = new RegistryState();
        state.apply(new SchemaRecord("a", 1, 1, STRING));

        assertThat(state.apply(new SchemaRecord("b", 1, 1, INT))).isFalse();
        assertThat(state.apply(new SchemaRecord("b", 1, 7, STRING))).isFalse();
        assertThat(state.subjects()).containsExactly("a");
    }

    @Test
    void sameSchemaUnderTwoSubjectsSharesItsId() {
        RegistryState state = new RegistryState();
        state.apply(new SchemaRecord("b", 1, 1, STRING));
        state.apply(new SchemaRecord("a", 1, 1, STRING));

        assertThat(state.subjects()).containsExactly("a", "b");
        assertThat(state.usesOf(1)).extracting(SubjectVersion::subject).containsExactly("a", "b");
    }

    @Test
    void reapplyingTheSameRecordIsHarmless() {
        RegistryState state = new RegistryState();
        SchemaRecord record = new SchemaRecord("a", 1, 1, STRING);
        state.apply(record);

        assertThat(state.apply(record)).isTrue();
        assertThat(state.versions("a")).hasSize(1);
    }

    @Test
    void lastConfigRecordWinsAndSubjectLevelsOverrideTheGlobalOne() {
        RegistryState state = new RegistryState();
        assertThat(state.effectiveLevel("a")).isEqualTo(CompatibilityLevel.BACKWARD);

        state.apply(new ConfigRecord(null, CompatibilityLevel.FULL));
        state.apply(new ConfigRecord("a", CompatibilityLevel.NONE));
        state.apply(new ConfigRecord("a", CompatibilityLevel.FORWARD));

        assertThat(state.effectiveLevel("a")).isEqualTo(CompatibilityLevel.FORWARD);
        assertThat(state.effectiveLevel("b")).isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    void recordsSurviveTheTopicEncoding() {
        List<RegistryRecord> records = List.of(
                new SchemaRecord("rp.requests.v1-value", 3, 9, STRING),
                new ConfigRecord(null, CompatibilityLevel.FULL_TRANSITIVE),
                new ConfigRecord("s", CompatibilityLevel.NONE));

        for (RegistryRecord record : records) {
            RecordCodec.Encoded encoded = RecordCodec.encode(record);
            assertThat(RecordCodec.decode(encoded.key(), encoded.value())).contains(record);
        }
    }

    @Test
    void confluentNoopMarkersAndTombstonesAreSkipped() {
        byte[] noopKey = "{\"keytype\":\"NOOP\",\"magic\":0}".getBytes();

        assertThat(RecordCodec.decode(noopKey, "{}".getBytes())).isEmpty();
        assertThat(RecordCodec.decode(
                        RecordCodec.encode(new SchemaRecord("a", 1, 1, STRING)).key(), null))
                .isEmpty();
    }
}
