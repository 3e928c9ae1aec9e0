package dev.routeplane.executors.adapter.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.executors.BatchLineResult;
import dev.routeplane.executors.ErrorKind;
import dev.routeplane.executors.FinishKind;
import dev.routeplane.executors.ProviderBatchStatus;
import dev.routeplane.executors.adapter.BatchFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Anthropic batch adapter reads the recorded shapes of the real Message Batches API. */
class AnthropicBatchAdapterTest {

    private final AnthropicBatchAdapter adapter = new AnthropicBatchAdapter(
            URI.create("https://api.anthropic.com"), HttpClient.newHttpClient(), Clock.systemUTC());

    @Test
    void mapsProcessingStatusAndCounts() {
        ProviderBatchStatus running =
                AnthropicBatchAdapter.status(BatchFixtures.body("anthropic/batch-in-progress.json"));
        ProviderBatchStatus canceling =
                AnthropicBatchAdapter.status(BatchFixtures.body("anthropic/batch-canceling.json"));
        ProviderBatchStatus ended = AnthropicBatchAdapter.status(BatchFixtures.body("anthropic/batch-ended.json"));

        assertThat(running.state()).isEqualTo(ProviderBatchStatus.State.IN_PROGRESS);
        assertThat(running.total()).isEqualTo(3);
        assertThat(canceling.state()).isEqualTo(ProviderBatchStatus.State.CANCELLING);
        assertThat(ended.state()).isEqualTo(ProviderBatchStatus.State.EXPIRED);
        assertThat(ended.total()).isEqualTo(4);
        assertThat(ended.succeeded()).isEqualTo(2);
        assertThat(ended.failed()).isEqualTo(2);
        assertThat(ended.resultsRef())
                .isEqualTo("https://api.anthropic.com/v1/messages/batches/msgbatch_013Zva2CMHLNnXjNJJKqJ2EF/results");
    }

    @Test
    void readsEveryResultType() {
        List<String> lines = BatchFixtures.lines("anthropic/results.jsonl");

        BatchLineResult ok = adapter.line(lines.get(0));
        assertThat(ok.outcome()).isEqualTo(BatchLineResult.Outcome.SUCCEEDED);
        assertThat(ok.response().text()).isEqualTo("Hello.");
        assertThat(ok.response().inputTokens()).isEqualTo(11);
        assertThat(adapter.line(lines.get(1)).response().finish()).isEqualTo(FinishKind.LENGTH);
        BatchLineResult refused = adapter.line(lines.get(2));
        assertThat(refused.outcome()).isEqualTo(BatchLineResult.Outcome.ERRORED);
        assertThat(refused.error().kind()).isEqualTo(ErrorKind.PERMANENT);
        assertThat(refused.error().httpStatus()).isEqualTo(400);
        assertThat(adapter.line(lines.get(3)).outcome()).isEqualTo(BatchLineResult.Outcome.EXPIRED);
        assertThat(adapter.line(lines.get(4)).outcome()).isEqualTo(BatchLineResult.Outcome.CANCELLED);
    }
}
