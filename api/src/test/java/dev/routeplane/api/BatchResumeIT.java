package dev.routeplane.api;

import static dev.routeplane.api.ApiClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.platform.LocalPorts;
import dev.routeplane.runtime.RouteplaneRuntime;
import dev.routeplane.runtime.RuntimeOptions;
import dev.routeplane.runtime.RuntimeOptions.Service;
import dev.routeplane.runtime.SimulatorSetup;
import dev.routeplane.simulator.SimulatorServer;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch survives a stop of everything (as Ctrl-C or SIGTERM stops {@code up}) and a start on the same data
 * directory: it goes on where it was, every input line ends with exactly one output line, and no request runs twice.
 * The provider simulator runs apart, as a real provider would, so its record of calls spans both runs.
 */
class BatchResumeIT {
    private static final int LINES = 300;

    @TempDir
    Path dir;

    @Test
    void aBatchGoesOnAfterAStopAndAStartWithEveryLineAnsweredOnce() throws Exception {
        RouteplaneConfig config;
        try (InputStream in = BatchResumeIT.class.getResourceAsStream("/batch-it.yaml")) {
            config = RouteplaneConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "batch-it.yaml");
        }
        try (SimulatorServer simulator = SimulatorServer.start(SimulatorSetup.fromConfig(
                config, Instant.now(), 0, 42, SimulatorSetup.FaultProfile.NONE, 0.05, 3_000))) {
            RuntimeOptions options = RuntimeOptions.embedded(config, dir.resolve("data"))
                    .withPorts(LocalPorts.freePort(), LocalPorts.freePort(), 0)
                    .withPartitions(3)
                    .withServices(EnumSet.complementOf(EnumSet.of(Service.SIMULATOR)))
                    .withSimulatorUrl(URI.create("http://127.0.0.1:" + simulator.port()));
            String tenant = "acme";
            String auth = "Bearer " + TenantAuthenticator.demoKey(tenant);

            // given a batch a fifth done when everything stops
            String batchId;
            int doneBeforeStop;
            RouteplaneRuntime first = RouteplaneRuntime.start(options, line -> System.out.println("[run 1] " + line));
            try (first;
                    ApiWiring api = new ApiWiring(first, 0, true)) {
                ApiClient client = new ApiClient(api.server().baseUri());
                StringBuilder input = new StringBuilder();
                for (int i = 1; i <= LINES; i++) {
                    input.append(BatchPipelineIT.line("r" + i, 100)).append('\n');
                }
                String fileId = JSON.readTree(client.upload(auth, "batch", "resume.jsonl", input.toString())
                                .body())
                        .get("id")
                        .asText();
                batchId = JSON.readTree(client.post("/v1/batches", auth, """
                                {"input_file_id": "%s", "endpoint": "/v1/chat/completions", "completion_window": "24h"}""".formatted(fileId))
                                .body())
                        .get("id")
                        .asText();
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> completed(client, auth, batchId) >= LINES / 5);
                doneBeforeStop = completed(client, auth, batchId);
            }

            // when it starts again on the same data directory
            RouteplaneRuntime second = RouteplaneRuntime.start(options, line -> System.out.println("[run 2] " + line));
            try (second;
                    ApiWiring api = new ApiWiring(second, 0, true)) {
                ApiClient client = new ApiClient(api.server().baseUri());
                JsonNode resumed = batch(client, auth, batchId);
                assertThat(resumed.get("status").asText()).isIn("in_progress", "finalizing", "completed");
                assertThat(resumed.at("/request_counts/total").asInt()).isEqualTo(LINES);
                assertThat(resumed.at("/request_counts/completed").asInt()).isGreaterThanOrEqualTo(doneBeforeStop);

                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> "completed"
                                .equals(batch(client, auth, batchId)
                                        .get("status")
                                        .asText()));
                JsonNode done = batch(client, auth, batchId);

                // then every line has exactly one answer, and the provider was called once per request
                assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(LINES);
                assertThat(done.at("/request_counts/failed").asInt()).isZero();
                assertThat(done.get("error_file_id").isNull()).isTrue();
                List<JsonNode> output = ApiClient.jsonLines(
                        client.get("/v1/files/" + done.get("output_file_id").asText() + "/content", auth)
                                .body());
                List<String> ids =
                        output.stream().map(l -> l.get("custom_id").asText()).toList();
                assertThat(ids).hasSize(LINES).doesNotHaveDuplicates();
                assertThat(ids.get(0)).isEqualTo("r1");
                assertThat(ids.get(LINES - 1)).isEqualTo("r" + LINES);
                assertThat(simulator.invoice().calls()).isEqualTo(LINES);
                List<CostEvent> costs = BatchPipelineIT.costEvents(second, e -> true);
                Set<String> billed = new HashSet<>();
                costs.forEach(c -> billed.add(c.getRequestId()));
                assertThat(costs).hasSize(LINES);
                assertThat(billed).hasSize(LINES);
            }
        }
    }

    private static int completed(ApiClient client, String auth, String batchId) throws Exception {
        return batch(client, auth, batchId).at("/request_counts/completed").asInt();
    }

    private static JsonNode batch(ApiClient client, String auth, String batchId) throws Exception {
        return JSON.readTree(client.get("/v1/batches/" + batchId, auth).body());
    }
}
