package dev.routeplane.control.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Feedback;
import dev.routeplane.contract.FeedbackKind;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.simulator.ReplaySample;
import org.junit.jupiter.api.Test;

class ReplayStepsTest {
    private static final String GPT4 = "gpt-4-1106-preview";

    @Test
    void scoresAnAnswerFromTheRowItWasAskedForWhereItsPromptIsInBothSplits() {
        // "Write a function to sort each sublist of strings in a given list of lists.": gpt-4's answer scored 1.0 on
        // the train row (mbpp_train.csv mbpp.dev.278) and 0.0 on the test row (mbpp_test.csv mbpp.dev.58).
        ReplaySample train = RecordedRows.data().row("mbpp/train/mbpp.dev.278").orElseThrow();
        ReplaySample test = RecordedRows.data().row("mbpp/test/mbpp.dev.58").orElseThrow();
        assertThat(train.prompt()).isEqualTo(test.prompt());

        Feedback onTrain = ReplaySteps.scoreAsFeedback(answered("train-1"), train, RecordedRows.config())
                .orElseThrow();
        Feedback onTest = ReplaySteps.scoreAsFeedback(answered("test-1"), test, RecordedRows.config())
                .orElseThrow();

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
                        failed,
                        RecordedRows.data().row("mbpp/train/mbpp.dev.278").orElseThrow(),
                        RecordedRows.config()))
                .isEmpty();
    }

    private static ExecutionResult answered(String requestId) {
        return RecordedRows.answered(requestId, ReplayConfig.EVAL_TENANT, GPT4, 7_030);
    }
}
