package dev.routeplane.schemas;

import dev.routeplane.schemas.internal.TopicChecks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates missing Routeplane topics and verifies existing ones. Idempotent: existing topics are never
 * altered, so running it on every start-up is safe, including from several processes at once.
 *
 * <p>An existing topic whose {@code cleanup.policy} differs fails with {@link TopicConfigMismatchException}
 * (a compacted table stored in a delete topic silently loses state); a different partition count is only a
 * warning because repartitioning is an operator decision. The caller owns the {@link Admin} client.
 */
public final class TopicBootstrapper {
    private static final Logger log = LoggerFactory.getLogger(TopicBootstrapper.class);

    private static final long METADATA_RETRY_MS = 100;

    private final Admin admin;
    private final short replicationFactor;
    private final Duration timeout;

    /** A bootstrapper creating topics with replication factor 1, as suits a single embedded broker. */
    public TopicBootstrapper(Admin admin) {
        this(admin, (short) 1, Duration.ofSeconds(30));
    }

    /**
     * @param replicationFactor replication factor for topics this bootstrapper creates
     * @param timeout upper bound for each Admin round trip
     */
    public TopicBootstrapper(Admin admin, short replicationFactor, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("Replication factor must be at least 1, got " + replicationFactor);
        }
        this.replicationFactor = replicationFactor;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Makes sure every topic exists.
     *
     * @return which topics were created and which already existed, plus warnings
     * @throws TopicConfigMismatchException if an existing topic has another cleanup policy
     * @throws KafkaException if the cluster cannot be reached or refuses to create a topic
     */
    public TopicBootstrapReport ensure(Collection<? extends TopicSpec<?>> specs) {
        Map<String, TopicSpec<?>> byName = byName(specs);
        Set<String> present = await(admin.listTopics().names(), "list topics");

        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        List<NewTopic> toCreate = new ArrayList<>();
        for (TopicSpec<?> spec : byName.values()) {
            if (present.contains(spec.name())) {
                existing.add(spec.name());
            } else {
                toCreate.add(
                        new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.topicConfigs()));
            }
        }
        if (!toCreate.isEmpty()) {
            Map<String, KafkaFuture<Void>> results =
                    admin.createTopics(toCreate).values();
            for (NewTopic topic : toCreate) {
                if (createOrFindExisting(topic.name(), results.get(topic.name()))) {
                    created.add(topic.name());
                    log.info(
                            "Created topic {} with {} partitions, replication factor {}, {}",
                            topic.name(),
                            topic.numPartitions(),
                            replicationFactor,
                            topic.configs());
                } else {
                    existing.add(topic.name());
                }
            }
        }
        List<String> warnings = verify(existing, byName);
        return new TopicBootstrapReport(created, existing, warnings);
    }

    /** Returns false when another process created the topic between our listing and our create call. */
    private boolean createOrFindExisting(String name, KafkaFuture<Void> future) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new KafkaException(
                    "Could not create topic " + name + " with replication factor " + replicationFactor + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("Timed out after " + timeout + " creating topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while creating topic " + name, e);
        }
    }

    private List<String> verify(List<String> existing, Map<String, TopicSpec<?>> byName) {
        if (existing.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> descriptions =
                awaitMetadata(() -> admin.describeTopics(existing).allTopicNames(), "describe topics " + existing);
        List<ConfigResource> resources = existing.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                .toList();
        Map<ConfigResource, Config> configs =
                awaitMetadata(() -> admin.describeConfigs(resources).all(), "describe configs of " + existing);

        List<String> warnings = new ArrayList<>();
        for (String name : existing) {
            TopicSpec<?> spec = byName.get(name);
            ConfigEntry policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .get("cleanup.policy");
            TopicChecks.requireCleanupPolicy(spec, policy == null ? null : policy.value());
            TopicChecks.partitionWarning(
                            spec, descriptions.get(name).partitions().size())
                    .ifPresent(warning -> {
                        log.warn(warning);
                        warnings.add(warning);
                    });
        }
        return warnings;
    }

    private static Map<String, TopicSpec<?>> byName(Collection<? extends TopicSpec<?>> specs) {
        Map<String, TopicSpec<?>> byName = new LinkedHashMap<>();
        for (TopicSpec<?> spec : specs) {
            TopicSpec<?> previous = byName.putIfAbsent(spec.name(), spec);
            if (previous != null && !previous.equals(spec)) {
                throw new IllegalArgumentException("Topic " + spec.name() + " is declared twice with different specs: "
                        + previous + " and " + spec);
            }
        }
        return byName;
    }

    /**
     * A topic another process created a moment ago may not be in the broker's metadata yet, so describing it
     * fails with UnknownTopicOrPartition for a short while; retry that one error until the timeout.
     */
    private <T> T awaitMetadata(Supplier<KafkaFuture<T>> call, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return await(call.get(), what);
            } catch (KafkaException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(METADATA_RETRY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("Interrupted while trying to " + what, e);
            }
        }
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaException("Could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException(
                    "Timed out after " + timeout + " trying to " + what
                            + "; is the cluster reachable at the configured bootstrap.servers?",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while trying to " + what, e);
        }
    }
}
