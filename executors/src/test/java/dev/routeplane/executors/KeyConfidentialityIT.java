package dev.routeplane.executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** A provider that rejects the key and quotes it back: the key must surface nowhere Routeplane writes. */
class KeyConfidentialityIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    static final Topics TOPICS = Topics.defaults();

    @Test
    void aRejectedKeyAppearsInNoResultCostEventHealthReportLogLineOrException() throws Exception {
        List<String> presented = new CopyOnWriteArrayList<>();
        HttpServer provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        provider.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            presented.add(auth);
            byte[] body = ("{\"error\":{\"message\":\"Incorrect API key provided: " + auth.substring(7)
                            + ".\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(401, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        provider.start();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()));
        WorkerSettings settings = WorkerSettings.builder(platform.bootstrapServers(), platform.registryUrl())
                .topics(TOPICS)
                .maxInFlight(10)
                .lanes(1)
                .healthInterval(Duration.ofMillis(500))
                .baseUrlOverride(
                        "alpha",
                        URI.create("http://127.0.0.1:" + provider.getAddress().getPort() + "/v1"))
                .secretResolver(new EnvAndFileSecretResolver(ExecutorIT.ENV::get))
                .build();
        try (ExecutorWorker worker = ExecutorWorker.start(TestTasks.config(), "alpha", settings)) {
            ExecutorRedeliveryIT.produce(
                    platform.producerProps(),
                    serdes,
                    List.of(
                            TestTasks.task("acme", "key-1", "alpha", "alpha-mini", "us-east", 20_000, List.of()),
                            TestTasks.task("initech", "key-2", "alpha", "alpha-mini", "us-east", 20_000, List.of())));
            await().atMost(Duration.ofSeconds(60)).until(() -> results(serdes).size() == 2);
        } finally {
            root.detachAppender(logs);
            provider.stop(0);
        }

        List<ExecutionResult> results = results(serdes);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(r.getReason()).isEqualTo("PROVIDER_REJECTED");
        });
        assertThat(presented)
                .as("the tenant's own key replaces the profile key")
                .contains("Bearer sk-initech-own-0005")
                .anyMatch(a -> a.startsWith("Bearer sk-alpha-"));
        List<String> written = new ArrayList<>();
        results.forEach(r -> written.add(r.toString()));
        TopicReader.readAll(
                        platform.bootstrapServers(),
                        TOPICS.ledger().name(),
                        serdes.valueSerde(TOPICS.ledger()).deserializer())
                .forEach(c -> written.add(c.toString()));
        TopicReader.readAll(
                        platform.bootstrapServers(),
                        TOPICS.providerHealth().name(),
                        serdes.valueSerde(TOPICS.providerHealth()).deserializer())
                .forEach(h -> written.add(h.toString()));
        for (ILoggingEvent e : logs.list) {
            written.add(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                written.add(t.getMessage());
            }
        }
        assertThat(written).isNotEmpty();
        for (String key : ExecutorIT.ENV.values()) {
            assertThat(written).noneMatch(text -> text != null && text.contains(key));
        }
    }

    static List<ExecutionResult> results(RouteplaneSerdes serdes) {
        return TopicReader.readAll(
                platform.bootstrapServers(),
                TOPICS.results().name(),
                serdes.valueSerde(TOPICS.results()).deserializer());
    }
}
