package dev.routeplane.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.ContextBand;
import dev.routeplane.config.TaskType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskTypeTest {

    private static final Classifier CLASSIFIER = new RuleBasedClassifier();

    private static Features classifyUser(String prompt) {
        return CLASSIFIER.classify(ClassifierInput.of(Message.user(prompt)));
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "CODE           | Write a function in Python that reverses a linked list.",
                "CODE           | Why does this fail?\\n```java\\nint x = list.get(0);\\n```",
                "SUMMARIZATION  | Summarize the following meeting notes in three bullet points: we met and agreed on the plan.",
                "SUMMARIZATION  | tl;dr of this thread please",
                "EXTRACTION     | Extract the invoice number, date and total from this text and return them as fields.",
                "CLASSIFICATION | Classify the sentiment of this review as positive or negative: the food was cold.",
                "CLASSIFICATION | Which category does this support ticket belong to: billing, shipping or other?",
                "TRANSLATION    | Translate the following sentence into French: the weather is nice today.",
                "CREATIVE       | Write a short poem about the sea at night.",
                "CREATIVE       | Tell me a bedtime story about a brave little fox.",
                "REASONING      | Solve step by step: a train leaves at 3pm at 60 km/h, when does it arrive 150 km away?",
                "REASONING      | Which of the following is a prime number? (a) 21 (b) 23 (c) 25",
                "CHAT           | Hi there, how are you doing today?",
            })
    void infersTaskTypeFromLastUserMessage(TaskType expected, String prompt) {
        Features features = classifyUser(prompt.replace("\\n", "\n"));

        assertThat(features.taskType()).isEqualTo(expected);
        assertThat(features.trace()).anyMatch(line -> line.startsWith("taskType=" + expected + ": "));
    }

    @Test
    void explainsInferredTaskWithTheKeywordAndRegion() {
        Features features = classifyUser("Please summarize this article for me.");

        assertThat(features.trace())
                .contains("taskType=SUMMARIZATION: keyword 'summarize' in last user message (score 3)");
    }

    @Test
    void systemPromptSetsTaskWhenUserMessageIsNeutral() {
        Features features = CLASSIFIER.classify(ClassifierInput.of(
                Message.system("You are a code reviewer. Refactor the code the user sends."),
                Message.user("here it is")));

        assertThat(features.taskType()).isEqualTo(TaskType.CODE);
        assertThat(features.trace()).anyMatch(l -> l.startsWith("taskType=CODE: keyword 'refactor' in system prompt"));
    }

    @Test
    void explicitHintWinsOverHeuristics() {
        Hints hints = Hints.builder().taskType(TaskType.EXTRACTION).build();
        Features features = CLASSIFIER.classify(
                new ClassifierInput(java.util.List.of(Message.user("Write a poem about summer")), hints));

        assertThat(features.taskType()).isEqualTo(TaskType.EXTRACTION);
        assertThat(features.trace()).contains("taskType=EXTRACTION: hint");
    }

    @Test
    void onlyTheLastUserMessageCountsAmongUserTurns() {
        Features features = CLASSIFIER.classify(ClassifierInput.of(
                Message.user("Summarize this article: cats are great."),
                Message.assistant("Cats are great."),
                Message.user("Now write a haiku about it.")));

        assertThat(features.taskType()).isEqualTo(TaskType.CREATIVE);
    }

    @Test
    void tiesGoToTheMoreSpecialisedTaskInTheDocumentedOrder() {
        // 'summarize' (SUMMARIZATION 3) against '```' (CODE 3): CODE comes first in the tie order.
        Features features = classifyUser("Summarize what this does:\n```\nx = 1\n```");

        assertThat(features.taskType()).isEqualTo(TaskType.CODE);
        assertThat(features.trace()).anyMatch(l -> l.contains("(score 3, next SUMMARIZATION 3)"));
    }

    @Test
    void weakEvidenceAloneStaysChat() {
        Features features = classifyUser("Why is the sky blue?");

        assertThat(features.taskType()).isEqualTo(TaskType.CHAT);
        assertThat(features.trace()).contains("taskType=CHAT: no task keyword scored 2+");
    }

    @Test
    void longInputWithSynthesisAskIsLongContextSynthesis() {
        ClassifierConfig tinyBands =
                ClassifierConfig.builder().contextBands(10, 20, 30).build();
        Classifier classifier = new RuleBasedClassifier(tinyBands);
        String documents = "Report one says revenue grew. Report two says costs fell. ".repeat(5);

        Features features = classifier.classify(
                ClassifierInput.of(Message.user(documents + "Synthesize the common themes across these documents.")));

        assertThat(features.contextBand()).isEqualTo(ContextBand.HUGE);
        assertThat(features.taskType()).isEqualTo(TaskType.LONG_CONTEXT_SYNTHESIS);
        assertThat(features.trace())
                .anyMatch(l -> l.startsWith("taskType=LONG_CONTEXT_SYNTHESIS: HUGE input with keyword"));
    }

    @Test
    void shortInputWithSummaryAskStaysSummarization() {
        Features features = classifyUser("Summarize across these documents: A. B.");

        assertThat(features.contextBand()).isEqualTo(ContextBand.SHORT);
        assertThat(features.taskType()).isEqualTo(TaskType.SUMMARIZATION);
    }

    @Test
    void keywordsOnlyMatchWholeWords() {
        // "code" must not fire inside "barcode" or "decodes".
        Features features = classifyUser("The barcode scanner decodes items at the shop.");

        assertThat(features.taskType()).isEqualTo(TaskType.CHAT);
    }
}
