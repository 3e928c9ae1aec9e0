package dev.routeplane.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.UndecodableRecordException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Routing decisions for analytics. */
@Command(
        name = "decisions",
        mixinStandardHelpOptions = true,
        description = "Stream routing decisions as JSON lines.",
        subcommands = {DecisionsCommand.Tail.class})
public final class DecisionsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Follows {@code rp.decisions.v1} (committed records, every partition, no consumer group) and prints each
     * {@code RoutingDecision} as one JSON object per line. Decisions carry no prompt text by contract.
     */
    @Command(
            name = "tail",
            mixinStandardHelpOptions = true,
            description = "Print decisions as JSON lines until Ctrl-C.")
    public static final class Tail implements Callable<Integer> {
        private static final Duration TIMEOUT = Duration.ofSeconds(15);
        private static final ObjectMapper MAPPER = new ObjectMapper();

        @Mixin
        ClusterOptions cluster;

        @Option(names = "--from-beginning", description = "Start at the oldest retained decision, not at the end.")
        boolean fromBeginning;

        @Option(names = "--tenant", paramLabel = "T", description = "Only this tenant's decisions.")
        String tenant;

        @Option(names = "--limit", paramLabel = "N", description = "Stop after N decisions.")
        Long limit;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (limit != null && limit < 1) {
                throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Topics topics = Topics.defaults();
            Map<String, Object> config = cluster.clientConfig();
            RecordDecoder<RoutingDecision> decoder = cluster.serdes().decoder(topics.decisions());
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "routeplane-decisions-tail");
            config.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            String topic = topics.decisions().name();

            KafkaConsumer<String, byte[]> consumer =
                    new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(
                    () -> {
                        consumer.wakeup();
                        try {
                            done.await(5, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "decisions-tail-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            long printed = 0;
            try {
                List<PartitionInfo> infos;
                try {
                    infos = consumer.partitionsFor(topic, TIMEOUT);
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    throw new IllegalStateException(
                            "no answer from Kafka at " + cluster.kafka.bootstrapServers() + " within "
                                    + TIMEOUT.toSeconds()
                                    + " s; start the embedded platform with './routeplane up' or pass"
                                    + " --bootstrap-servers",
                            e);
                }
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException("topic " + topic + " does not exist at "
                            + cluster.kafka.bootstrapServers() + "; create the topics with './routeplane up'");
                }
                List<TopicPartition> partitions = new ArrayList<>();
                infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
                consumer.assign(partitions);
                if (fromBeginning) {
                    consumer.seekToBeginning(partitions);
                } else {
                    consumer.seekToEnd(partitions);
                }
                while (limit == null || printed < limit) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        RoutingDecision decision;
                        try {
                            decision =
                                    decoder.decode(record.topic(), record.partition(), record.offset(), record.value());
                        } catch (UndecodableRecordException e) {
                            err.println("decisions: skipping an unreadable decision: " + e.getMessage());
                            err.flush();
                            continue;
                        }
                        if (decision == null || (tenant != null && !tenant.equals(decision.getTenantId()))) {
                            continue;
                        }
                        out.println(MAPPER.writeValueAsString(DecisionsJson.toJson(decision)));
                        printed++;
                        if (limit != null && printed >= limit) {
                            break;
                        }
                    }
                    out.flush();
                }
            } catch (WakeupException e) {
                // Ctrl-C
            } finally {
                out.flush();
                consumer.close(Duration.ofSeconds(2));
                done.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down
                }
            }
            return 0;
        }
    }
}
