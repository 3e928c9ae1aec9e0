package dev.routeplane.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.DataClass;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tool descriptions and parameter schemas go to the provider with the messages, and are classified like them. */
class ToolTextTest {
    private static final Classifier CLASSIFIER = new RuleBasedClassifier();

    private static Features classify(Tool... tools) {
        return CLASSIFIER.classify(new ClassifierInput(
                List.of(Message.user("What is the capital of France?")),
                Hints.builder().tools(tools).build()));
    }

    @Test
    void aCardNumberInAToolDescriptionMakesTheRequestRegulated() {
        Features features = classify(
                new Tool("charge_card", false, "Charges the company card 4111 1111 1111 1111 for the order.", null));

        assertThat(features.dataClass()).isEqualTo(DataClass.REGULATED);
        assertThat(features.detections()).containsExactly(new Detection(DetectionKind.PAYMENT_CARD, 1));
        assertThat(features.trace())
                .contains("toolText: 1 tools' names, descriptions and parameter schemas scanned: payment card"
                        + " (Luhn-valid) x1")
                .contains("dataClass=REGULATED: payment card (Luhn-valid) x1");
    }

    @Test
    void aSecretInAParameterSchemaMakesTheRequestConfidential() {
        Features features = classify(
                new Tool("search_docs", false, "Searches the wiki.", null),
                new Tool(
                        "run_sql",
                        false,
                        "Runs a query.",
                        "{\"type\":\"object\",\"properties\":{\"token\":{\"type\":\"string\","
                                + "\"default\":\"sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t\"}}}"));

        assertThat(features.dataClass()).isEqualTo(DataClass.CONFIDENTIAL);
        assertThat(features.detected(DetectionKind.SECRET)).isEqualTo(1);
        assertThat(features.trace())
                .contains("toolText: 2 tools' names, descriptions and parameter schemas scanned: secret x1");
    }

    @Test
    void plainToolsLeaveThePublicClassAndTheTraceSaysTheyWereScanned() {
        Features features = classify(
                new Tool("get_weather", false, "Weather for a city.", "{\"type\":\"object\",\"properties\":{}}"));

        assertThat(features.dataClass()).isEqualTo(DataClass.PUBLIC);
        assertThat(features.trace())
                .contains("toolText: 1 tools' names, descriptions and parameter schemas scanned: nothing sensitive");
    }
}
