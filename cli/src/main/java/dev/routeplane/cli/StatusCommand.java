package dev.routeplane.cli;

import dev.routeplane.contract.ProviderHealth;
import dev.routeplane.report.ReportTopicReader;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListStreamsGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a running Routeplane looks like from Kafka: topics with end offsets and message counts, lag of
 * Routeplane's consumer, streams and share groups, the latest health report of each provider, and the open batches
 * with their counts and time left ({@link StatusBatches}); open provider batches ({@link StatusProviderBatches}).
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Topics, consumer lag, services, provider health and open batches.")
public final class StatusCommand implements Callable<Integer> {

    static final long TIMEOUT_SECONDS = 15;
    static final String GROUP_PREFIX = "routeplane-";
    static final List<String> EXPECTED_GROUPS = List.of("routeplane-router", "routeplane-ledger");
    private static final DateTimeFormatter REPORTED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    @Mixin
    KafkaOptions kafka;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            defaultValue = "http://localhost:8081",
            description =
                    "Schema registry, to read provider health (default: ${DEFAULT-VALUE}, the embedded platform).")
    String registryUrl;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> config = kafka.clientConfig();
        config.putIfAbsent(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        Topics topics = Topics.defaults();
        try (Admin admin = Admin.create(config)) {
            Map<TopicPartition, Long> ends = topics(admin, out);
            out.println();
            groups(admin, ends, out);
            out.println();
            StatusServices.print(
                    kafka.clientConfig(), topics.prefix(), Duration.ofSeconds(TIMEOUT_SECONDS), Clock.systemUTC(), out);
        } catch (TimeoutException | ExecutionException | org.apache.kafka.common.errors.TimeoutException e) {
            throw unreachable(e);
        }
        out.println();
        health(topics, out);
        out.println();
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", registryUrl));
        StatusBatches.print(kafka.clientConfig(), topics, serdes, Clock.systemUTC(), out);
        out.println();
        StatusProviderBatches.print(kafka.clientConfig(), topics, serdes, out);
        out.flush();
        return 0;
    }

    private IllegalStateException unreachable(Exception e) {
        return new IllegalStateException(
                "no answer from Kafka at " + kafka.bootstrapServers() + " within " + TIMEOUT_SECONDS
                        + " s; start the embedded platform with './routeplane up' or pass --bootstrap-servers",
                e);
    }

    /** Prints the topics; returns the end offset of every partition. */
    private Map<TopicPartition, Long> topics(Admin admin, PrintWriter out) throws Exception {
        List<String> names = admin
                .listTopics(new ListTopicsOptions().listInternal(false))
                .names()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .stream()
                .filter(n -> !n.startsWith("_"))
                .sorted()
                .toList();
        Map<TopicPartition, Long> ends = new HashMap<>();
        if (names.isEmpty()) {
            out.println("no topics yet (run './routeplane up' to create them)");
            return ends;
        }
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        descriptions
                .values()
                .forEach(d -> d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
        ends.putAll(offsets(admin, partitions, OffsetSpec.latest()));
        Map<TopicPartition, Long> starts = offsets(admin, partitions, OffsetSpec.earliest());
        List<String[]> rows = new ArrayList<>();
        for (String name : names) {
            long end = 0;
            long messages = 0;
            for (var p : descriptions.get(name).partitions()) {
                TopicPartition tp = new TopicPartition(name, p.partition());
                long e = ends.getOrDefault(tp, 0L);
                end += e;
                messages += e - starts.getOrDefault(tp, 0L);
            }
            rows.add(new String[] {
                name,
                String.valueOf(descriptions.get(name).partitions().size()),
                String.valueOf(end),
                String.valueOf(messages)
            });
        }
        table(out, new String[] {"TOPIC", "PARTITIONS", "END-OFFSETS", "MESSAGES"}, rows);
        out.println("(END-OFFSETS: sum over partitions; MESSAGES: end minus start offsets, an upper bound on"
                + " compacted topics)");
        return ends;
    }

    private static Map<TopicPartition, Long> offsets(
            Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResultInfo> infos =
                admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        infos.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private void groups(Admin admin, Map<TopicPartition, Long> ends, PrintWriter out) throws Exception {
        Collection<GroupListing> listed = admin.listGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<String, GroupListing> ours = new TreeMap<>();
        listed.stream().filter(g -> g.groupId().startsWith(GROUP_PREFIX)).forEach(g -> ours.put(g.groupId(), g));
        List<String[]> rows = new ArrayList<>();
        for (GroupListing group : ours.values()) {
            GroupType type = group.type().orElse(GroupType.UNKNOWN);
            String state = group.groupState().map(s -> s.toString()).orElse("?");
            String id = group.groupId();
            String lag;
            int partitions;
            switch (type) {
                case SHARE -> {
                    Map<TopicPartition, SharePartitionOffsetInfo> offsets = admin.listShareGroupOffsets(
                                    Map.of(id, new ListShareGroupOffsetsSpec()))
                            .partitionsToOffsetInfo(id)
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    partitions = offsets.size();
                    // A share partition the group has not started on yet has no offset info (null).
                    lag = StatusLag.share(offsets.values().stream()
                            .filter(java.util.Objects::nonNull)
                            .map(SharePartitionOffsetInfo::lag)
                            .toList());
                }
                case STREAMS -> {
                    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listStreamsGroupOffsets(
                                    Map.of(id, new ListStreamsGroupOffsetsSpec()))
                            .partitionsToOffsetAndMetadata(id)
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    partitions = offsets.size();
                    lag = StatusLag.committed(offsets, ends);
                }
                case CONSUMER, CLASSIC -> {
                    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(id)
                            .partitionsToOffsetAndMetadata()
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    partitions = offsets.size();
                    lag = StatusLag.committed(offsets, ends);
                }
                default -> {
                    partitions = 0;
                    lag = "-";
                }
            }
            rows.add(new String[] {
                id, type.toString().toLowerCase(Locale.ROOT), state, running(group), String.valueOf(partitions), lag
            });
        }
        for (String expected : EXPECTED_GROUPS) {
            if (!ours.containsKey(expected)) {
                rows.add(new String[] {expected, "-", "not found", "NO", "0", "-"});
            }
        }
        table(out, new String[] {"GROUP", "TYPE", "STATE", "RUNNING", "PARTITIONS", "LAG"}, rows);
        out.println("(RUNNING: NO when the group has no member, i.e. no instance of the service is working, whether"
                + " its process is gone or its Kafka client stopped; LAG: records after the committed offsets; for"
                + " share groups, records not yet acknowledged past the share-partition start offset)");
    }

    /** "yes" while the group has members working for it, "NO" once none is left. */
    static String running(GroupListing group) {
        return group.groupState()
                .map(state -> state == GroupState.EMPTY || state == GroupState.DEAD ? "NO" : "yes")
                .orElse("?");
    }

    private void health(Topics topics, PrintWriter out) {
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", registryUrl));
        Map<String, ProviderHealth> latest = new HashMap<>();
        String topic = topics.providerHealth().name();
        try {
            ReportTopicReader.readToEnd(
                    kafka.clientConfig(),
                    topic,
                    serdes.decoder(topics.providerHealth()),
                    Duration.ofSeconds(TIMEOUT_SECONDS),
                    new PrintStream(System.err, true),
                    (key, health) -> latest.put(
                            key != null ? key : health.getProvider() + "|" + health.getKeyProfile(), health));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unreachable(e);
        }
        if (latest.isEmpty()) {
            out.println("no provider health reported yet on " + topic + " (executors report while they run)");
            return;
        }
        List<String[]> rows = StatusHealthRows.rows(latest.values());
        table(
                out,
                new String[] {
                    "PROVIDER", "KEY-PROFILE", "CIRCUIT", "ERROR-RATE", "P50-MS", "P95-MS", "IN-FLIGHT", "REPORTED-AT"
                },
                rows);
    }

    /** Provider health rows, sorted by provider and key profile. */
    static final class StatusHealthRows {
        private StatusHealthRows() {}

        static List<String[]> rows(Collection<ProviderHealth> reports) {
            return reports.stream()
                    .sorted(Comparator.comparing(
                                    (ProviderHealth h) -> h.getProvider().toString())
                            .thenComparing(h -> Optional.ofNullable(h.getKeyProfile())
                                    .map(Object::toString)
                                    .orElse("")))
                    .map(h -> new String[] {
                        h.getProvider().toString(),
                        h.getKeyProfile() == null ? "-" : h.getKeyProfile().toString(),
                        h.getCircuitState().toString(),
                        String.format(Locale.ROOT, "%.1f%%", h.getErrorRate() * 100),
                        String.valueOf(h.getLatencyP50Ms()),
                        String.valueOf(h.getLatencyP95Ms()),
                        String.valueOf(h.getInFlight()),
                        REPORTED.format(h.getReportedAt())
                    })
                    .toList();
        }
    }

    /** Lag arithmetic. */
    static final class StatusLag {
        private StatusLag() {}

        /** Sum of end minus committed offset over the partitions with a committed offset and a known end. */
        static String committed(Map<TopicPartition, OffsetAndMetadata> offsets, Map<TopicPartition, Long> ends) {
            long lag = 0;
            boolean known = false;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
                Long end = ends.get(e.getKey());
                if (e.getValue() != null && end != null) {
                    lag += Math.max(0, end - e.getValue().offset());
                    known = true;
                }
            }
            return known ? String.valueOf(lag) : "-";
        }

        static String share(List<Optional<Long>> lags) {
            List<Long> known = lags.stream().flatMap(Optional::stream).toList();
            return known.isEmpty()
                    ? "-"
                    : String.valueOf(known.stream().mapToLong(Long::longValue).sum());
        }
    }

    /** Prints a table; columns whose cells are all numbers (or '-') are right-aligned. */
    static void table(PrintWriter out, String[] header, List<String[]> rows) {
        int[] width = new int[header.length];
        boolean[] numeric = new boolean[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
            boolean allNumbers = true;
            boolean anyNumber = false;
            for (String[] row : rows) {
                width[i] = Math.max(width[i], row[i].length());
                allNumbers &= row[i].matches("-|[0-9.]+%?");
                anyNumber |= row[i].matches("[0-9.]+%?");
            }
            numeric[i] = allNumbers && anyNumber;
        }
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (String[] row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String pad = " ".repeat(width[i] - row[i].length());
                line.append(i > 0 ? "  " : "").append(numeric[i] ? pad + row[i] : row[i] + pad);
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
