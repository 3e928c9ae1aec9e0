package dev.routeplane.cli;

import dev.routeplane.platform.EmbeddedPlatform;
import dev.routeplane.platform.PlatformOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The embedded Kafka broker (KRaft) and schema registry alone, for running every service as its own process against
 * them (what docker-compose's kafka and schema-registry containers are). A restart on the same data directory and
 * ports finds the topics, records and schema ids where they were.
 */
@Command(
        name = "platform",
        mixinStandardHelpOptions = true,
        description = "Run only the embedded Kafka broker and schema registry until Ctrl-C.")
public final class PlatformCommand implements Callable<Integer> {

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = ".routeplane/data",
            description = "Broker and registry data; a restart reuses it (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "9092",
            description = "Kafka client port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--registry-port",
            paramLabel = "PORT",
            defaultValue = "8081",
            description = "Schema registry HTTP port (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(
            names = "--broker-config",
            paramLabel = "KEY=VALUE",
            description = "A broker property over Routeplane's single-broker defaults, e.g."
                    + " group.share.min.record.lock.duration.ms=5000; repeatable.")
    Map<String, String> brokerConfig = new TreeMap<>();

    @Override
    public Integer call() throws Exception {
        EmbeddedPlatform platform = EmbeddedPlatform.start(PlatformOptions.of(dataDir.resolve("platform"))
                .withPorts(kafkaPort, registryPort)
                .withBrokerOverrides(brokerConfig));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("routeplane platform: stopping...");
                            platform.close();
                            System.out.println("routeplane platform: stopped cleanly");
                            stopped.countDown();
                        },
                        "routeplane-platform-shutdown"));
        System.out.println("routeplane platform: data in " + dataDir.toAbsolutePath());
        System.out.println("routeplane platform: Kafka " + platform.bootstrapServers() + " and schema registry "
                + platform.registryUrl() + " running; press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
