package dev.routeplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VocabularyTest {

    @ParameterizedTest
    @CsvSource({"summarize, SUMMARIZATION", "Code, CODE", "long-context, LONG_CONTEXT_SYNTHESIS", "bogus, "})
    void parsesTaskTypeHintsLeniently(String value, TaskType expected) {
        assertThat(TaskType.parse(value).orElse(null)).isEqualTo(expected);
    }

    @Test
    void dataClassesAreOrderedAndParsedCaseInsensitively() {
        assertThat(DataClass.PUBLIC.max(DataClass.INTERNAL)).isEqualTo(DataClass.INTERNAL);
        assertThat(DataClass.REGULATED.max(DataClass.CONFIDENTIAL)).isEqualTo(DataClass.REGULATED);
        assertThat(DataClass.parse(" confidential ")).contains(DataClass.CONFIDENTIAL);
        assertThat(DataClass.parse("top-secret")).isEmpty();
    }

    @Test
    void qualityTiersParseByTheirConfigNameInAnyCase() {
        assertThat(QualityTier.parse("Premium")).contains(QualityTier.PREMIUM);
        assertThat(QualityTier.parse("economy")).contains(QualityTier.ECONOMY);
        assertThat(QualityTier.parse("gold")).isEmpty();
        assertThat(QualityTier.parse(null)).isEmpty();
    }
}
