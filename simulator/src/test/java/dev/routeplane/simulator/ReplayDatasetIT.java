package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.platform.testkit.SharedData;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplayDatasetIT {

    private static ReplayDataset data;

    @BeforeAll
    static void load() {
        data = ReplayDataset.load(SharedData.routerbenchSubset());
    }

    @Test
    void loadsEveryRowOfEverySplit() {
        assertThat(data.samples("arc_challenge", "train")).hasSize(1039);
        assertThat(data.samples("arc_challenge", "test")).hasSize(445);
        assertThat(data.samples("mbpp", "train")).hasSize(299);
        assertThat(data.samples("mbpp", "test")).hasSize(128);
        assertThat(data.samples("winograde", "train")).hasSize(887);
        assertThat(data.samples("winograde", "test")).hasSize(380);
        assertThat(data.samples()).hasSize(3178);
    }

    @Test
    void knowsTheElevenRecordedModels() {
        assertThat(data.models())
                .containsExactlyInAnyOrder(
                        "gpt-4-1106-preview",
                        "gpt-3.5-turbo-1106",
                        "claude-v1",
                        "claude-v2",
                        "claude-instant-v1",
                        "meta/llama-2-70b-chat",
                        "mistralai/mixtral-8x7b-chat",
                        "mistralai/mistral-7b-chat",
                        "zero-one-ai/Yi-34B-Chat",
                        "WizardLM/WizardLM-13B-V1.2",
                        "meta/code-llama-instruct-34b-chat");
    }

    @Test
    void exposesRecordedCorrectnessAndCost() {
        String prompt = "Write a python function to identify non-prime numbers.";
        ReplaySample sample = data.find(prompt).orElseThrow();

        assertThat(sample.sampleId()).isEqualTo("mbpp.dev.1");
        assertThat(sample.split()).isEqualTo("test");
        assertThat(sample.key()).isEqualTo("mbpp/test/mbpp.dev.1");
        assertThat(sample.rawPrompt()).isEqualTo("['" + prompt + "']");
        assertThat(sample.answers().get("gpt-4-1106-preview").correctness()).isEqualTo(0.0);
        assertThat(sample.answers().get("gpt-3.5-turbo-1106").correctness()).isEqualTo(1.0);
        assertThat(sample.answers().get("gpt-3.5-turbo-1106").costMicros()).isEqualTo(423);
        assertThat(data.find("unknown prompt")).isEmpty();
    }

    @Test
    void aPromptRecordedInBothSplitsIsFoundByRowKeyNotByItsText() {
        // mbpp_train.csv mbpp.dev.87 and mbpp_test.csv mbpp.dev.29 have the same prompt, and gpt-4 answered each once.
        ReplaySample train = data.row("mbpp/train/mbpp.dev.87").orElseThrow();
        ReplaySample test = data.row("mbpp/test/mbpp.dev.29").orElseThrow();

        assertThat(train.prompt()).isEqualTo(test.prompt()).isEqualTo("Write a function to sort a list of elements.");
        assertThat(train.split()).isEqualTo("train");
        assertThat(train.answers().get("gpt-4-1106-preview").costMicros()).isEqualTo(11_260);
        assertThat(test.answers().get("gpt-4-1106-preview").costMicros()).isEqualTo(13_660);
        assertThat(data.find(train.prompt()))
                .as("text alone cannot tell the rows apart")
                .isEmpty();
        assertThat(data.rowsWithPrompt(train.prompt()))
                .extracting(ReplaySample::key)
                .containsExactlyInAnyOrder("mbpp/train/mbpp.dev.87", "mbpp/test/mbpp.dev.29");
        assertThat(data.row("mbpp/train/mbpp.dev.29")).isEmpty();
    }

    @Test
    void everyRowHasItsOwnKeyEvenWhereASampleIdRepeatsWithinAFile() {
        // arc_challenge_train.csv holds arc-challenge.val.208 twice, with different few-shot prompts.
        ReplaySample first =
                data.row("arc_challenge/train/arc-challenge.val.208").orElseThrow();
        ReplaySample second =
                data.row("arc_challenge/train/arc-challenge.val.208#2").orElseThrow();

        assertThat(first.sampleId()).isEqualTo(second.sampleId()).isEqualTo("arc-challenge.val.208");
        assertThat(first.prompt()).isNotEqualTo(second.prompt());
        assertThat(data.samples()).extracting(ReplaySample::key).doesNotHaveDuplicates();
    }

    @Test
    void multiPartPromptsAreJoinedAndFindable() {
        List<ReplaySample> multi = data.samples().stream()
                .filter(s -> PythonLiterals.parseStringList(s.rawPrompt()).size() > 1)
                .toList();

        assertThat(multi).hasSize(14).allSatisfy(s -> {
            assertThat(s.prompt())
                    .isEqualTo(
                            String.join(ReplayDataset.PART_SEPARATOR, PythonLiterals.parseStringList(s.rawPrompt())));
            assertThat(data.find(s.prompt())).isPresent();
        });
    }

    @Test
    void everyRecordedResponseIsUnwrappedFromItsListLiteral() {
        assertThat(data.samples()).allSatisfy(s -> {
            assertThat(s.answers()).hasSize(11);
            assertThat(s.answers().values())
                    .allSatisfy(a -> assertThat(a.response()).doesNotStartWith("['"));
        });
    }
}
