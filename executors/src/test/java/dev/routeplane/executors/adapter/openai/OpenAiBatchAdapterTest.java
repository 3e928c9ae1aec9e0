package dev.routeplane.executors.adapter.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.executors.BatchLineResult;
import dev.routeplane.executors.ErrorKind;
import dev.routeplane.executors.FinishKind;
import dev.routeplane.executors.ProviderBatchStatus;
import dev.routeplane.executors.ProviderCallException;
import dev.routeplane.executors.adapter.BatchFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAI batch adapter reads the recorded shapes of the real Batch API. */
class OpenAiBatchAdapterTest {

    private final OpenAiBatchAdapter adapter = new OpenAiBatchAdapter(
            URI.create("https://api.openai.com/v1"), HttpClient.newHttpClient(), Clock.systemUTC());

    @Test
    void mapsEveryBatchStatusToItsState() {
        assertThat(OpenAiBatchAdapter.status(BatchFixtures.body("openai/batch-validating.json"))
                        .state())
                .isEqualTo(ProviderBatchStatus.State.IN_PROGRESS);
        assertThat(OpenAiBatchAdapter.status(BatchFixtures.body("openai/batch-in-progress.json"))
                        .state())
                .isEqualTo(ProviderBatchStatus.State.IN_PROGRESS);
        assertThat(OpenAiBatchAdapter.status(BatchFixtures.body("openai/batch-cancelling.json"))
                        .state())
                .isEqualTo(ProviderBatchStatus.State.CANCELLING);
        assertThat(OpenAiBatchAdapter.status(BatchFixtures.body("openai/batch-expired.json"))
                        .state())
                .isEqualTo(ProviderBatchStatus.State.EXPIRED);
    }

    @Test
    void aCompletedBatchCarriesItsCountsAndBothResultFiles() {
        ProviderBatchStatus s = OpenAiBatchAdapter.status(BatchFixtures.body("openai/batch-completed.json"));

        assertThat(s.batchId()).isEqualTo("batch_abc123");
        assertThat(s.state()).isEqualTo(ProviderBatchStatus.State.COMPLETED);
        assertThat(s.total()).isEqualTo(3);
        assertThat(s.succeeded()).isEqualTo(2);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.resultsRef()).isEqualTo("file-cvaTdG,file-HOWS94");
    }

    @Test
    void aFailedBatchSaysWhichLineFailedValidation() {
        ProviderBatchStatus s = OpenAiBatchAdapter.status(BatchFixtures.body("openai/batch-failed.json"));

        assertThat(s.state()).isEqualTo(ProviderBatchStatus.State.FAILED);
        assertThat(s.detail()).isEqualTo("invalid_json_line (line 2): This line is not parseable as valid JSON.");
        assertThat(s.resultsRef()).isEmpty();
    }

    @Test
    void readsOutputLinesAsBilledCompletions() {
        List<String> lines = BatchFixtures.lines("openai/output.jsonl");

        BatchLineResult first = adapter.line(lines.get(0));
        BatchLineResult second = adapter.line(lines.get(1));

        assertThat(first.customId()).isEqualTo("rq-1");
        assertThat(first.outcome()).isEqualTo(BatchLineResult.Outcome.SUCCEEDED);
        assertThat(first.response().text()).isEqualTo("Hello.");
        assertThat(first.response().inputTokens()).isEqualTo(22);
        assertThat(first.response().outputTokens()).isEqualTo(2);
        assertThat(first.response().responseId()).isEqualTo("chatcmpl-123");
        assertThat(second.response().finish()).isEqualTo(FinishKind.LENGTH);
    }

    @Test
    void readsErrorLinesAsRefusalsExpiriesAndCancellations() {
        List<String> lines = BatchFixtures.lines("openai/errors.jsonl");

        BatchLineResult refused = adapter.line(lines.get(0));
        assertThat(refused.outcome()).isEqualTo(BatchLineResult.Outcome.ERRORED);
        ProviderCallException e = refused.error();
        assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(adapter.line(lines.get(1)).outcome()).isEqualTo(BatchLineResult.Outcome.EXPIRED);
        assertThat(adapter.line(lines.get(2)).outcome()).isEqualTo(BatchLineResult.Outcome.CANCELLED);
    }
}
