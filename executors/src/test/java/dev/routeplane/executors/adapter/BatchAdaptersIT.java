package dev.routeplane.executors.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.routeplane.executors.ApiKey;
import dev.routeplane.executors.BatchLineResult;
import dev.routeplane.executors.ChatTurn;
import dev.routeplane.executors.ErrorKind;
import dev.routeplane.executors.ProviderBatchAdapter;
import dev.routeplane.executors.ProviderBatchAdapter.BatchLine;
import dev.routeplane.executors.ProviderBatchStatus;
import dev.routeplane.executors.ProviderCall;
import dev.routeplane.executors.ProviderCallException;
import dev.routeplane.executors.adapter.anthropic.AnthropicBatchAdapter;
import dev.routeplane.executors.adapter.openai.OpenAiBatchAdapter;
import dev.routeplane.schemas.testing.MutableClock;
import dev.routeplane.simulator.BatchApi;
import dev.routeplane.simulator.SimulatedProvider;
import dev.routeplane.simulator.SimulatorConfig;
import dev.routeplane.simulator.SimulatorServer;
import dev.routeplane.simulator.WireFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Both batch adapters against the simulator's batch APIs over real HTTP: submit, poll, results, cancel. */
class BatchAdaptersIT {

    private static final ApiKey KEY = ApiKey.of("sk-batch-adapter-test-key");
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private SimulatorServer sim;

    private void start(BatchApi api) {
        sim = SimulatorServer.start(
                SimulatorConfig.builder()
                        .provider(SimulatedProvider.builder("oai", WireFormat.OPENAI)
                                .batchApi(api)
                                .build())
                        .provider(SimulatedProvider.builder("ant", WireFormat.ANTHROPIC)
                                .batchApi(api)
                                .build())
                        .build(),
                clock);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private ProviderBatchAdapter openAi() {
        return new OpenAiBatchAdapter(URI.create(sim.baseUrl("oai")), http, clock);
    }

    private ProviderBatchAdapter anthropic() {
        return new AnthropicBatchAdapter(URI.create(sim.baseUrl("ant")), http, clock);
    }

    private static BatchLine line(String id, String model, int maxTokens) {
        return new BatchLine(
                id,
                new ProviderCall(
                        model,
                        List.of(new ChatTurn("user", "Classify request " + id)),
                        maxTokens,
                        List.of(),
                        null,
                        KEY,
                        Duration.ofSeconds(30),
                        "req-" + id));
    }

    private static Map<String, BatchLineResult.Outcome> outcomes(List<BatchLineResult> results) {
        return results.stream().collect(Collectors.toMap(BatchLineResult::customId, BatchLineResult::outcome));
    }

    @Test
    void runsAnOpenAiBatchToCompletionAndReadsBothResultFiles() {
        start(BatchApi.ofDefaults(WireFormat.OPENAI).withProcessingTime(Duration.ofSeconds(10)));
        ProviderBatchAdapter adapter = openAi();

        ProviderBatchStatus created = adapter.submit(
                List.of(
                        line("r0", "gpt-4o-mini", 64),
                        line("r1", "gpt-4o-mini", 99_999),
                        line("r2", "gpt-4o-mini", 64)),
                KEY,
                Map.of("routeplane_batch", "b-1"));
        assertThat(created.state()).isEqualTo(ProviderBatchStatus.State.IN_PROGRESS);
        clock.advance(Duration.ofSeconds(10));
        ProviderBatchStatus ended = adapter.poll(created.batchId(), KEY);
        List<BatchLineResult> results = adapter.results(ended, KEY);

        assertThat(ended.state()).isEqualTo(ProviderBatchStatus.State.COMPLETED);
        assertThat(ended.succeeded()).isEqualTo(2);
        assertThat(outcomes(results))
                .containsEntry("r0", BatchLineResult.Outcome.SUCCEEDED)
                .containsEntry("r1", BatchLineResult.Outcome.ERRORED)
                .containsEntry("r2", BatchLineResult.Outcome.SUCCEEDED);
        long billed = results.stream()
                .filter(r -> r.response() != null)
                .mapToLong(r -> sim.invoice().lines().stream()
                        .filter(l -> l.callId().equals(r.response().responseId()))
                        .count())
                .sum();
        assertThat(billed).isEqualTo(2);
        assertThat(sim.invoice().lines())
                .allSatisfy(l -> assertThat(l.batchId()).isEqualTo(created.batchId()));
    }

    @Test
    void anExpiredAnthropicBatchReturnsItsFinishedLinesAndMarksTheRestExpired() {
        start(BatchApi.ofDefaults(WireFormat.ANTHROPIC)
                .withProcessingTime(Duration.ofSeconds(30))
                .withExpiresAfter(Duration.ofSeconds(12)));
        ProviderBatchAdapter adapter = anthropic();

        ProviderBatchStatus created = adapter.submit(
                List.of(
                        line("r0", "claude-3-5-haiku-latest", 64),
                        line("r1", "claude-3-5-haiku-latest", 64),
                        line("r2", "claude-3-5-haiku-latest", 64)),
                KEY,
                Map.of());
        clock.advance(Duration.ofSeconds(13));
        ProviderBatchStatus ended = adapter.poll(created.batchId(), KEY);

        assertThat(ended.state()).isEqualTo(ProviderBatchStatus.State.EXPIRED);
        assertThat(outcomes(adapter.results(ended, KEY)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "r0", BatchLineResult.Outcome.SUCCEEDED,
                        "r1", BatchLineResult.Outcome.EXPIRED,
                        "r2", BatchLineResult.Outcome.EXPIRED));
        assertThat(sim.invoice().calls()).isEqualTo(1);
    }

    @Test
    void cancelsABatchKeepingTheLinesDoneBeforeTheCancel() {
        start(BatchApi.ofDefaults(WireFormat.OPENAI).withProcessingTime(Duration.ofSeconds(30)));
        for (ProviderBatchAdapter adapter : List.of(openAi(), anthropic())) {
            String model = adapter instanceof OpenAiBatchAdapter ? "gpt-4o-mini" : "claude-3-5-haiku-latest";
            ProviderBatchStatus created = adapter.submit(
                    List.of(line("r0", model, 32), line("r1", model, 32), line("r2", model, 32)), KEY, Map.of());
            clock.advance(Duration.ofSeconds(15));

            adapter.cancel(created.batchId(), KEY);
            ProviderBatchStatus ended = adapter.poll(created.batchId(), KEY);

            assertThat(ended.state()).as(model).isEqualTo(ProviderBatchStatus.State.CANCELLED);
            assertThat(outcomes(adapter.results(ended, KEY)))
                    .as(model)
                    .containsEntry("r0", BatchLineResult.Outcome.SUCCEEDED)
                    .containsEntry("r2", BatchLineResult.Outcome.CANCELLED);
        }
    }

    @Test
    void aFailedOpenAiBatchSaysWhyAndAnAnthropicBatchOverItsLimitIsRefusedPermanently() {
        start(BatchApi.ofDefaults(WireFormat.OPENAI).withLimits(2, 10_000_000));
        sim.setBatchFailure("oai", true);

        ProviderBatchStatus failed = openAi().submit(List.of(line("r0", "gpt-4o-mini", 32)), KEY, Map.of());
        ProviderCallException tooMany = catchThrowableOfType(
                ProviderCallException.class,
                () -> anthropic()
                        .submit(
                                List.of(
                                        line("a", "claude-3-5-haiku-latest", 8),
                                        line("b", "claude-3-5-haiku-latest", 8),
                                        line("c", "claude-3-5-haiku-latest", 8)),
                                KEY,
                                Map.of()));

        assertThat(failed.state()).isEqualTo(ProviderBatchStatus.State.FAILED);
        assertThat(failed.detail()).contains("server_error");
        assertThat(tooMany.kind()).isEqualTo(ErrorKind.PERMANENT);
        assertThat(tooMany.httpStatus()).isEqualTo(400);
        assertThat(tooMany.getMessage()).doesNotContain("sk-batch");
    }
}
