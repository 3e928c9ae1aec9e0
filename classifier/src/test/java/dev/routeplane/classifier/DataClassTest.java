package dev.routeplane.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.DataClass;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataClassTest {

    private static final Classifier CLASSIFIER = new RuleBasedClassifier();

    private static Features classify(String prompt, Hints hints) {
        return CLASSIFIER.classify(new ClassifierInput(List.of(Message.user(prompt)), hints));
    }

    @Test
    void plainTextIsPublic() {
        Features features = classify("What is the capital of France?", Hints.none());

        assertThat(features.dataClass()).isEqualTo(DataClass.PUBLIC);
        assertThat(features.detections()).isEmpty();
        assertThat(features.trace()).contains("dataClass=PUBLIC: no hint, data-class tag or detection");
    }

    @Test
    void tagRaisesTheClass() {
        Features features = classify(
                "What is the capital of France?",
                Hints.builder().tags("Confidential", "eu_data_residency").build());

        assertThat(features.dataClass()).isEqualTo(DataClass.CONFIDENTIAL);
        assertThat(features.trace()).contains("dataClass=CONFIDENTIAL: tag confidential");
    }

    @Test
    void detectorBeatsALowerHint() {
        Features features = classify(
                "Charge 4111 1111 1111 1111 please",
                Hints.builder().dataClass(DataClass.INTERNAL).build());

        assertThat(features.dataClass()).isEqualTo(DataClass.REGULATED);
        assertThat(features.detections()).containsExactly(new Detection(DetectionKind.PAYMENT_CARD, 1));
        assertThat(features.trace()).contains("dataClass=REGULATED: payment card (Luhn-valid) x1");
    }

    @Test
    void hintBeatsALowerDetector() {
        Features features = classify(
                "Mail me at jane@example.com",
                Hints.builder().dataClass(DataClass.REGULATED).build());

        assertThat(features.dataClass()).isEqualTo(DataClass.REGULATED);
        assertThat(features.detected(DetectionKind.EMAIL)).isEqualTo(1);
        assertThat(features.trace()).contains("dataClass=REGULATED: hint REGULATED", "detections=email x1");
    }

    @Test
    void traceNamesEveryReasonAtTheWinningLevel() {
        Features features = classify(
                "jane@example.com, key AKIAIOSFODNN7EXAMPLE",
                Hints.builder().tags("pii").build());

        assertThat(features.dataClass()).isEqualTo(DataClass.CONFIDENTIAL);
        assertThat(features.trace()).contains("dataClass=CONFIDENTIAL: tag pii, email x1, secret x1");
    }

    @Test
    void unknownTagsAreIgnoredAndNotEchoed() {
        Features features =
                classify("hello", Hints.builder().tags("project-zeus").build());

        assertThat(features.dataClass()).isEqualTo(DataClass.PUBLIC);
        assertThat(String.join("\n", features.trace())).doesNotContain("zeus");
    }

    @Test
    void configuredTagMappingsApply() {
        ClassifierConfig config = ClassifierConfig.builder()
                .tagDataClass("HIPAA", DataClass.REGULATED)
                .build();

        Features features = new RuleBasedClassifier(config)
                .classify(new ClassifierInput(
                        List.of(Message.user("hello")),
                        Hints.builder().tags("hipaa").build()));

        assertThat(features.dataClass()).isEqualTo(DataClass.REGULATED);
    }
}
