package dev.routeplane.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.LatencyClass;
import java.util.List;
import org.junit.jupiter.api.Test;

class RiskAndNeedsTest {

    private static final Classifier CLASSIFIER = new RuleBasedClassifier();

    private static Features classify(String prompt, Hints hints) {
        return CLASSIFIER.classify(new ClassifierInput(List.of(Message.user(prompt)), hints));
    }

    @Test
    void noToolsAndPublicDataIsLowRisk() {
        Features features = classify("hello", Hints.none());

        assertThat(features.riskTier()).isEqualTo(RiskTier.LOW);
        assertThat(features.needsTools()).isFalse();
        assertThat(features.trace()).contains("riskTier=LOW: no tools, data PUBLIC");
    }

    @Test
    void readOnlyToolsAreMediumRisk() {
        Features features = classify(
                "what's the weather",
                Hints.builder().tools(new Tool("get_weather", false)).build());

        assertThat(features.riskTier()).isEqualTo(RiskTier.MEDIUM);
        assertThat(features.needsTools()).isTrue();
        assertThat(features.trace()).contains("needsTools=true: 1 tools offered", "riskTier=MEDIUM: 1 read-only tools");
    }

    @Test
    void sideEffectToolIsHighRiskAndNamed() {
        Hints hints = Hints.builder()
                .tools(new Tool("get_weather", false), new Tool("send_email", true))
                .build();

        Features features = classify("email my boss", hints);

        assertThat(features.riskTier()).isEqualTo(RiskTier.HIGH);
        assertThat(features.trace()).contains("riskTier=HIGH: side-effect tool send_email");
    }

    @Test
    void toolNamesOutsideTheProviderAlphabetAreNotEchoed() {
        Features features = classify(
                "x",
                Hints.builder().tools(new Tool("pay john@example.com", true)).build());

        assertThat(features.trace()).contains("riskTier=HIGH: side-effect tool (unnamed)");
    }

    @Test
    void regulatedDataIsHighRisk() {
        Features features = classify("my SSN is 123-45-6789", Hints.none());

        assertThat(features.riskTier()).isEqualTo(RiskTier.HIGH);
        assertThat(features.trace()).contains("riskTier=HIGH: REGULATED data");
    }

    @Test
    void confidentialDataIsMediumRisk() {
        Features features = classify("reach me at jane@example.com", Hints.none());

        assertThat(features.riskTier()).isEqualTo(RiskTier.MEDIUM);
        assertThat(features.trace()).contains("riskTier=MEDIUM: CONFIDENTIAL data");
    }

    @Test
    void jsonFromResponseFormatOrPromptAsk() {
        Features byFormat = classify(
                "list three colors",
                Hints.builder().responseFormat("json_schema").build());
        Features byAsk = classify("List three colors. Respond with JSON only.", Hints.none());
        Features neither = classify("Explain what this JSON file configures.", Hints.none());

        assertThat(byFormat.needsJson()).isTrue();
        assertThat(byFormat.trace()).contains("needsJson=true: responseFormat json_schema");
        assertThat(byAsk.needsJson()).isTrue();
        assertThat(byAsk.trace()).contains("needsJson=true: keyword 'respond with json' in last user message");
        assertThat(neither.needsJson()).isFalse();
    }

    @Test
    void visionFromHint() {
        assertThat(classify(
                                "what is in this picture",
                                Hints.builder().hasImages(true).build())
                        .needsVision())
                .isTrue();
        assertThat(classify("what is in this picture", Hints.none()).needsVision())
                .isFalse();
    }

    @Test
    void latencyClassDefaultsToBackgroundAndFollowsHint() {
        Features byDefault = classify("hi", Hints.none());
        Features hinted = classify(
                "hi", Hints.builder().latencyClass(LatencyClass.INTERACTIVE).build());

        assertThat(byDefault.latencyClass()).isEqualTo(LatencyClass.BACKGROUND);
        assertThat(byDefault.trace()).contains("latencyClass=BACKGROUND: default");
        assertThat(hinted.latencyClass()).isEqualTo(LatencyClass.INTERACTIVE);
        assertThat(hinted.trace()).contains("latencyClass=INTERACTIVE: hint");
    }

    @Test
    void everyFeatureHasATraceLine() {
        Features features = classify("hello", Hints.none());

        assertThat(features.trace())
                .extracting(l -> l.substring(0, l.indexOf('=')))
                .contains(
                        "inputTokens",
                        "contextBand",
                        "taskType",
                        "dataClass",
                        "languages",
                        "multilingual",
                        "needsTools",
                        "needsJson",
                        "needsVision",
                        "latencyClass",
                        "riskTier");
    }
}
