package dev.routeplane.control.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Feedback;
import dev.routeplane.contract.FeedbackKind;
import dev.routeplane.contract.Output;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.Usage;
import dev.routeplane.platform.testkit.SharedData;
import dev.routeplane.simulator.ReplayDataset;
import dev.routeplane.simulator.ReplaySample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplayStepsTest {
    private static final String GPT4 = "gpt-4-1106-preview";

    private static ReplayDataset data;
    private static ReplayConfig rc;

    @BeforeAll
    static void load() {
        data = ReplayDataset.load(SharedData.routerbenchSubset());
        rc = ReplayConfig.of(data, SharedData.routerbenchSubset());
    }

    @Test
    void scoresAnAnswerFromTheRowItWasAskedForWhereItsPromptIsInBothSplits() {
        // "Write a function to sort each sublist of strings in a given list of lists.": gpt-4's answer scored 1.0 on
        // the train row (mbpp_train.csv mbpp.dev.278) and 0.0 on the test row (mbpp_test.csv mbpp.dev.58).
        ReplaySample train = data.row("mbpp/train/mbpp.dev.278").orElseThrow();
        ReplaySample test = data.row("mbpp/test/mbpp.dev.58").orElseThrow();
        assertThat(train.prompt()).isEqualTo(test.prompt());

        Feedback onTrain =
                ReplaySteps.scoreAsFeedback(answered("train-1"), train, rc).orElseThrow();
        Feedback onTest =
                ReplaySteps.scoreAsFeedback(answered("test-1"), test, rc).orElseThrow();

        assertThat(onTrain.getScore()).isEqualTo(1.0);
        assertThat(onTest.getScore()).isEqualTo(0.0);
        assertThat(onTrain.getKind()).isEqualTo(FeedbackKind.EVAL_SCORE);
        assertThat(onTrain.getRequestId()).isEqualTo("train-1");
    }

    @Test
    void aFailedRequestGetsNoFeedback() {
        ExecutionResult failed = ExecutionResult.newBuilder(answered("train-2"))
                .setStatus(ResultStatus.FAILED)
                .setModel(null)
                .setOutput(null)
                .build();

        assertThat(ReplaySteps.scoreAsFeedback(
                        failed, data.row("mbpp/train/mbpp.dev.278").orElseThrow(), rc))
                .isEmpty();
    }

    private static ExecutionResult answered(String requestId) {
        return ExecutionResult.newBuilder()
                .setRequestId(requestId)
                .setTenantId(ReplayConfig.EVAL_TENANT)
                .setStatus(ResultStatus.SUCCEEDED)
                .setProvider("gpt")
                .setModel(rc.modelId(GPT4))
                .setOutput(
                        Output.newBuilder().setText("def sort_sublists(l): ...").build())
                .setUsage(new Usage(10, 10))
                .setCostMicros(7_030)
                .setLatencyMs(20)
                .setAttempts(List.of())
                .setCompletedAt(Instant.parse("2026-12-06T00:00:00Z"))
                .build();
    }
}
