package dev.routeplane.ledger;

import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A ledger in its own JVM, so the crash test can kill it with SIGKILL: no close, no flush, no commit.
 * Arguments: bootstrap servers, registry URL, topic prefix, application id, state directory.
 * Prints {@code RUNNING} once started.
 */
public final class LedgerProcess {
    private LedgerProcess() {}

    public static void main(String[] args) throws Exception {
        LedgerService service = new LedgerService(config(args[1], args[2]), streamsConfig(args[0], args[3], args[4]));
        service.start(Duration.ofSeconds(60));
        System.out.println("RUNNING");
        System.out.flush();
        new CountDownLatch(1).await();
    }

    static LedgerTopologyConfig config(String registryUrl, String prefix) {
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", registryUrl));
        return LedgerTopologyConfig.of(Fixtures.CONFIG, Topics.withPrefix(prefix, 3), serdes);
    }

    /** Streams settings tuned so a dead instance is noticed within seconds, not minutes. */
    static Map<String, Object> streamsConfig(String bootstrap, String applicationId, String stateDir) {
        Map<String, Object> config = new HashMap<>(LedgerService.streamsConfig(bootstrap, stateDir, null));
        config.put("application.id", applicationId);
        config.put("consumer.session.timeout.ms", 6_000);
        config.put("consumer.heartbeat.interval.ms", 1_000);
        config.put("producer.transaction.timeout.ms", 5_000);
        config.put("commit.interval.ms", 100);
        return config;
    }
}
