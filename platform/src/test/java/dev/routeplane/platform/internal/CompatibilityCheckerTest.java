package dev.routeplane.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.platform.internal.CompatibilityChecker.Versioned;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityCheckerTest {
    private static final Schema V1 = record("""
        {"name":"id","type":"string"}""");
    private static final Schema ADDED_WITHOUT_DEFAULT = record("""
        {"name":"id","type":"string"},{"name":"tenant","type":"string"}""");
    private static final Schema ADDED_WITH_DEFAULT = record("""
        {"name":"id","type":"string"},{"name":"tenant","type":"string","default":"none"}""");
    private static final Schema REMOVED_ID = record("""
        {"name":"other","type":"int","default":0}""");

    @Test
    void backwardRefusesANewFieldWithoutDefault() {
        List<String> problems = CompatibilityChecker.check(
                CompatibilityLevel.BACKWARD, ADDED_WITHOUT_DEFAULT, List.of(new Versioned(1, V1)));

        assertThat(problems)
                .singleElement()
                .asString()
                .contains("version 1", "READER_FIELD_MISSING_DEFAULT_VALUE", "tenant");
    }

    @Test
    void backwardAcceptsANewFieldWithDefault() {
        assertThat(CompatibilityChecker.check(
                        CompatibilityLevel.BACKWARD, ADDED_WITH_DEFAULT, List.of(new Versioned(1, V1))))
                .isEmpty();
    }

    @Test
    void forwardAcceptsANewFieldWithoutDefaultBecauseOldReadersIgnoreIt() {
        assertThat(CompatibilityChecker.check(
                        CompatibilityLevel.FORWARD, ADDED_WITHOUT_DEFAULT, List.of(new Versioned(1, V1))))
                .isEmpty();
    }

    @Test
    void forwardRefusesRemovingAFieldOldReadersNeed() {
        assertThat(CompatibilityChecker.check(CompatibilityLevel.FORWARD, REMOVED_ID, List.of(new Versioned(1, V1))))
                .singleElement()
                .asString()
                .contains("version 1 cannot read", "id");
    }

    @Test
    void fullChecksBothDirections() {
        assertThat(CompatibilityChecker.check(
                        CompatibilityLevel.FULL, ADDED_WITHOUT_DEFAULT, List.of(new Versioned(1, V1))))
                .hasSize(1);
        assertThat(CompatibilityChecker.check(
                        CompatibilityLevel.FULL, ADDED_WITH_DEFAULT, List.of(new Versioned(1, V1))))
                .isEmpty();
    }

    @Test
    void nonTransitiveLevelsCheckOnlyTheLatestVersion() {
        // v1 has no tenant; v2 added it with a default; the candidate drops the default.
        List<Versioned> history = List.of(new Versioned(1, V1), new Versioned(2, ADDED_WITH_DEFAULT));

        assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD, ADDED_WITHOUT_DEFAULT, history))
                .isEmpty();
        assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD_TRANSITIVE, ADDED_WITHOUT_DEFAULT, history))
                .singleElement()
                .asString()
                .contains("version 1");
    }

    @Test
    void noneAcceptsAnything() {
        assertThat(CompatibilityChecker.check(
                        CompatibilityLevel.NONE, Schema.create(Schema.Type.INT), List.of(new Versioned(1, V1))))
                .isEmpty();
    }

    @Test
    void theFirstVersionIsAlwaysCompatible() {
        assertThat(CompatibilityChecker.check(CompatibilityLevel.FULL_TRANSITIVE, V1, List.of()))
                .isEmpty();
    }

    @Test
    void parsesLevelNamesCaseInsensitivelyAndRejectsOthers() {
        assertThat(CompatibilityLevel.parse("backward_transitive")).contains(CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertThat(CompatibilityLevel.parse(" FULL ")).contains(CompatibilityLevel.FULL);
        assertThat(CompatibilityLevel.parse("SIDEWAYS")).isEmpty();
        assertThat(CompatibilityLevel.parse(null)).isEmpty();
    }

    private static Schema record(String fields) {
        return new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"Request\",\"namespace\":\"t\",\"fields\":[" + fields + "]}");
    }
}
