package dev.routeplane.app.cli;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.platform.EmbeddedPlatform;
import dev.routeplane.platform.PlatformOptions;
import dev.routeplane.schemas.TopicBootstrapReport;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the embedded platform (a real KRaft broker and the schema registry) in the foreground, creates the
 * topics, and stops cleanly on Ctrl-C.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = "Start the embedded platform (Kafka + schema registry) until Ctrl-C.")
public final class UpCommand implements Callable<Integer> {

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".routeplane/data",
      description = "Where the broker and registry keep their data; a restart reuses it (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
      description = "Kafka client port other tools connect to (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(names = "--registry-port", paramLabel = "PORT", defaultValue = "8081",
      description = "Schema registry HTTP port (default: ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "6",
      description = "Partitions for topics this command creates (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--config", paramLabel = "FILE",
      description = "routeplane.yaml naming the providers whose executor topics to create (default: the bundled example).")
  Path configFile;

  @Override
  public Integer call() throws Exception {
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
    }
    RouteplaneConfig config = configFile == null ? RouteplaneConfig.defaults() : RouteplaneConfig.load(configFile);
    Topics topics = Topics.withPrefix(Topics.DEFAULT_PREFIX, partitions);

    System.out.println("routeplane up: starting Kafka (KRaft) and the schema registry, data in " + dataDir.toAbsolutePath());
    EmbeddedPlatform platform = EmbeddedPlatform.start(
        PlatformOptions.of(dataDir).withPorts(kafkaPort, registryPort));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("routeplane up: stopping...");
      platform.close();
      System.out.println("routeplane up: stopped cleanly");
      stopped.countDown();
    }, "routeplane-shutdown"));

    TopicBootstrapReport report = bootstrapTopics(platform.bootstrapServers(), topics, config);
    System.out.printf("routeplane up: topics ready (%d created, %d already there)%n",
        report.created().size(), report.existing().size());
    report.warnings().forEach(w -> System.out.println("routeplane up: warning: " + w));
    System.out.println();
    System.out.println("  Kafka bootstrap servers: " + platform.bootstrapServers());
    System.out.println("  Schema registry URL:     " + platform.registryUrl());
    System.out.println();
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }

  static TopicBootstrapReport bootstrapTopics(String bootstrapServers, Topics topics, RouteplaneConfig config) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      return new TopicBootstrapper(admin).ensure(topics.all(config.providers().keySet()));
    }
  }
}
