package dev.routeplane.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Lists topics with their partition counts, cleanup policy and retention. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "List topics with partitions and cleanup policy.")
public final class TopicsCommand implements Callable<Integer> {

    private static final long TIMEOUT_SECONDS = 15;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--all", description = "Include internal topics (names starting with '_').")
    boolean includeInternal;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> config = kafka.clientConfig();
        config.putIfAbsent(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            List<TopicRow> rows = describe(admin);
            print(rows);
            return 0;
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException(
                    "no answer from Kafka at " + kafka.bootstrapServers()
                            + " within " + TIMEOUT_SECONDS + " s; start the embedded platform with './routeplane up'"
                            + " or pass --bootstrap-servers",
                    e);
        }
    }

    private List<TopicRow> describe(Admin admin) throws Exception {
        Collection<String> names = admin.listTopics(new ListTopicsOptions().listInternal(includeInternal))
                .names()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> visible = names.stream()
                .filter(n -> includeInternal || !n.startsWith("_"))
                .sorted()
                .toList();
        if (visible.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(visible).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<ConfigResource> resources = visible.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                .toList();
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<TopicRow> rows = new ArrayList<>();
        for (String name : visible) {
            Config topicConfig = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
            rows.add(new TopicRow(
                    name,
                    descriptions.get(name).partitions().size(),
                    value(topicConfig, TopicConfig.CLEANUP_POLICY_CONFIG),
                    retention(
                            value(topicConfig, TopicConfig.CLEANUP_POLICY_CONFIG),
                            value(topicConfig, TopicConfig.RETENTION_MS_CONFIG))));
        }
        return rows;
    }

    private static String value(Config config, String key) {
        return config == null || config.get(key) == null ? "?" : config.get(key).value();
    }

    private static String retention(String cleanupPolicy, String millis) {
        if (TopicConfig.CLEANUP_POLICY_COMPACT.equals(cleanupPolicy)) {
            return "latest per key";
        }
        if ("-1".equals(millis)) {
            return "forever";
        }
        try {
            long ms = Long.parseLong(millis);
            return ms % 86_400_000L == 0 ? (ms / 86_400_000L) + "d" : (ms / 3_600_000L) + "h";
        } catch (NumberFormatException e) {
            return millis;
        }
    }

    private static void print(List<TopicRow> rows) {
        if (rows.isEmpty()) {
            System.out.println("no topics yet (run './routeplane up' to create them)");
            return;
        }
        int width = Math.max(
                "TOPIC".length(),
                rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        String format = "%-" + width + "s  %10s  %-14s  %s%n";
        System.out.printf(format, "TOPIC", "PARTITIONS", "CLEANUP", "RETENTION");
        for (TopicRow row : rows) {
            System.out.printf(format, row.name(), row.partitions(), row.cleanupPolicy(), row.retention());
        }
    }

    private record TopicRow(String name, int partitions, String cleanupPolicy, String retention) {}
}
