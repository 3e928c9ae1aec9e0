package dev.routeplane.api;

import dev.routeplane.client.RequestSender;
import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;

/**
 * The API's test bench on a real broker and registry: topics, the demo-key authenticator over the bundled
 * config, a {@link FakeExecutor} standing in for router and executors, and API servers started on free ports,
 * each with its own result index, submitter and data directory. Closes everything it started.
 */
final class ApiUnderTest implements AutoCloseable {
    static final Topics TOPICS = Topics.defaults();

    final RouteplanePlatformExtension platform;
    final RouteplaneSerdes serdes;
    final TenantAuthenticator authenticator;
    final FakeExecutor executor;
    private final List<AutoCloseable> opened = new ArrayList<>();

    private ApiUnderTest(RouteplanePlatformExtension platform) throws Exception {
        this.platform = platform;
        try (Admin admin = Admin.create(platform.adminConfig())) {
            new TopicBootstrapper(admin).ensure(TOPICS.all(List.of()));
        }
        serdes = new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()));
        authenticator = TenantAuthenticator.fromConfig(
                RouteplaneConfig.defaults(), new EnvAndFileSecretResolver(name -> null), true);
        executor = new FakeExecutor(platform.consumerProps("fake-executor"), platform.producerProps(), TOPICS, serdes)
                .start();
        opened.add(executor);
    }

    static ApiUnderTest start(RouteplanePlatformExtension platform) throws Exception {
        return new ApiUnderTest(platform);
    }

    /** An API server on a free port with its data under {@code dataDirName}, as {@code customize} configures it. */
    ApiServer server(String dataDirName, UnaryOperator<ApiServer.Builder> customize) {
        Map<String, Object> kafka = platform.adminConfig();
        ResultIndex index = new ResultIndex(kafka, TOPICS, serdes);
        opened.add(index);
        RequestSender submitter = new RequestSender(kafka, TOPICS, serdes, "api-it");
        opened.add(submitter);
        ApiServer server = customize
                .apply(ApiServer.builder()
                        .port(0)
                        .dataDir(platform.dataDir().resolve(dataDirName))
                        .config(RouteplaneConfig.defaults())
                        .authenticator(authenticator)
                        .resultIndex(index)
                        .submitter(submitter))
                .start();
        opened.add(server);
        return server;
    }

    @Override
    public void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }
}
