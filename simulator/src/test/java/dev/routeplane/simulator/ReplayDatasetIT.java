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
        assertThat(sample.rawPrompt()).isEqualTo("['" + prompt + "']");
        assertThat(data.correctness(prompt, "gpt-4-1106-preview")).hasValue(0.0);
        assertThat(data.correctness(prompt, "gpt-3.5-turbo-1106")).hasValue(1.0);
        assertThat(data.answer(prompt, "gpt-3.5-turbo-1106").orElseThrow().costMicros())
                .isEqualTo(423);
        assertThat(data.correctness("unknown prompt", "gpt-3.5-turbo-1106")).isEmpty();
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
