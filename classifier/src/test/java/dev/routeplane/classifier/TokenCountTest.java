package dev.routeplane.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.routeplane.config.ContextBand;
import dev.routeplane.config.TaskType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCountTest {

    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    @Test
    void countsTokensWithTheTokenizerPlusMessageOverhead() {
        String system = "You are a helpful assistant.";
        String user = "Hello, world! Tokenizers split text like 'antidisestablishmentarianism' into pieces.";

        Features features =
                new RuleBasedClassifier().classify(ClassifierInput.of(Message.system(system), Message.user(user)));

        int expected = CL100K.countTokens(system) + CL100K.countTokens(user) + 2 * 4 + 3;
        assertThat(features.inputTokens()).isEqualTo(expected);
        assertThat(features.trace())
                .contains("inputTokens=" + expected + ": cl100k_base count " + (expected - 11)
                        + " over 2 messages + 4/message + 3/request");
    }

    @Test
    void toolNamesDescriptionsAndParameterSchemasCountAsInputTokens() {
        // Issue 13 item 5: providers bill the tool definitions as input; a budget estimate without them undershoots.
        String user = "Find the onboarding guide.";
        Tool tool = new Tool(
                "search_docs",
                false,
                "Searches the company's documents by keyword and returns the best matching titles.",
                "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}}}");

        Features features = new RuleBasedClassifier()
                .classify(new ClassifierInput(
                        List.of(Message.user(user)), Hints.builder().tools(tool).build()));

        int toolTokens = CL100K.countTokens(tool.name())
                + CL100K.countTokens(tool.description())
                + CL100K.countTokens(tool.parametersJson());
        assertThat(features.inputTokens()).isEqualTo(CL100K.countTokens(user) + 4 + 3 + toolTokens);
        assertThat(features.trace()).anyMatch(line -> line.contains("+ " + toolTokens + " in 1 tool definitions"));
    }

    @Test
    void isARealTokenCountNotCharactersOverFour() {
        // 200 CJK characters: about 1 token each in cl100k, but 50 by chars/4.
        String text = "東京は日本の首都で人口が多い都市です。".repeat(11);
        ClassifierConfig noOverhead = ClassifierConfig.builder()
                .perMessageOverheadTokens(0)
                .requestOverheadTokens(0)
                .build();

        Features features = new RuleBasedClassifier(noOverhead).classify(ClassifierInput.of(Message.user(text)));

        assertThat(features.inputTokens()).isEqualTo(CL100K.countTokens(text)).isGreaterThan(text.length() / 4 * 2);
    }

    @Test
    void o200kEncodingIsSelectable() {
        ClassifierConfig config = ClassifierConfig.builder()
                .tokenizerEncoding(TokenizerEncoding.O200K_BASE)
                .perMessageOverheadTokens(0)
                .requestOverheadTokens(0)
                .build();
        String text = "The quick brown fox jumps over the lazy dog.";

        Features features = new RuleBasedClassifier(config).classify(ClassifierInput.of(Message.user(text)));

        int expected = Encodings.newLazyEncodingRegistry()
                .getEncoding(EncodingType.O200K_BASE)
                .countTokens(text);
        assertThat(features.inputTokens()).isEqualTo(expected);
    }

    @Test
    void specialTokenMarkersInPromptsAreCountedAsText() {
        Features features = new RuleBasedClassifier().classify(ClassifierInput.of(Message.user("a <|endoftext|> b")));

        assertThat(features.inputTokens()).isEqualTo(CL100K.countTokensOrdinary("a <|endoftext|> b") + 4 + 3);
    }

    @Test
    void emptyRequestHasNoTokens() {
        Features features = new RuleBasedClassifier().classify(new ClassifierInput(List.of(), null));

        assertThat(features.inputTokens()).isZero();
        assertThat(features.taskType()).isEqualTo(TaskType.CHAT);
    }

    @Test
    void defaultBandsSwitchExactlyAtTheirInclusiveBounds() {
        ClassifierConfig config = ClassifierConfig.ofDefaults();

        assertThat(config.bandFor(0)).isEqualTo(ContextBand.SHORT);
        assertThat(config.bandFor(4_096)).isEqualTo(ContextBand.SHORT);
        assertThat(config.bandFor(4_097)).isEqualTo(ContextBand.MEDIUM);
        assertThat(config.bandFor(32_768)).isEqualTo(ContextBand.MEDIUM);
        assertThat(config.bandFor(32_769)).isEqualTo(ContextBand.LONG);
        assertThat(config.bandFor(131_072)).isEqualTo(ContextBand.LONG);
        assertThat(config.bandFor(131_073)).isEqualTo(ContextBand.HUGE);
    }

    @Test
    void bandOfAClassifiedPromptFollowsConfiguredThresholds() {
        // "hello" is 1 token; with 4 + 3 overhead the request is exactly 8 tokens.
        Features atBound = new RuleBasedClassifier(
                        ClassifierConfig.builder().contextBands(8, 16, 32).build())
                .classify(ClassifierInput.of(Message.user("hello")));
        Features aboveBound = new RuleBasedClassifier(
                        ClassifierConfig.builder().contextBands(7, 16, 32).build())
                .classify(ClassifierInput.of(Message.user("hello")));

        assertThat(atBound.inputTokens()).isEqualTo(8);
        assertThat(atBound.contextBand()).isEqualTo(ContextBand.SHORT);
        assertThat(atBound.trace()).contains("contextBand=SHORT: 8 tokens, <= 8");
        assertThat(aboveBound.contextBand()).isEqualTo(ContextBand.MEDIUM);
    }

    @Test
    void rejectsInconsistentBandsWithTheValues() {
        assertThatThrownBy(() ->
                        ClassifierConfig.builder().contextBands(100, 50, 200).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contextBands must be 0 < short < medium < long, were 100, 50, 200");
    }
}
