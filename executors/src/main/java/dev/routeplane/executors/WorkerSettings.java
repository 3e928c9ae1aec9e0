package dev.routeplane.executors;

import dev.routeplane.cascade.Signals;
import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.config.SecretResolver;
import dev.routeplane.schemas.Topics;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How executor workers run: where Kafka and the registry are, queue and back-pressure limits, resilience tuning.
 * Immutable; build with {@link #builder(String, String)}.
 *
 * @param bootstrapServers     Kafka bootstrap servers
 * @param registryUrl          schema registry URL
 * @param topics               topic names (prefix and partition count)
 * @param kafkaOverrides       extra client properties applied to every Kafka client the worker creates
 * @param baseUrlOverrides     provider id → base URL to call instead of the configured one (the simulator)
 * @param groupIdPrefix        share group id is {@code <prefix><providerId>}
 * @param maxInFlight          tasks in flight per worker; polling stops while full
 * @param lanes                share consumers per worker. A lane polls again only when its whole batch is
 *                             acknowledged, so a batch waits for its slowest task; many lanes keep the provider busy
 *                             while a few wait. Kafka assigns each partition to about lanes / partitions of them
 * @param laneBatch            most records one lane takes per poll ({@code max.poll.records}; at most maxInFlight).
 *                             What one partition can have in flight is about (lanes / partitions) x laneBatch (tasks
 *                             are spread over the partitions by request id); the admission, not the batch size,
 *                             keeps the total within maxInFlight and the poll look-ahead
 * @param pollAhead            lanes take more tasks only while those already taken would start their calls within
 *                             this long (judged from the rate and token limiters and the bulkheads); a longer local
 *                             queue would only hold record locks and the share partitions' delivery windows without
 *                             calling any sooner
 * @param batchLanes           share consumers per worker on the provider's batch topic ({@code rp.exec.<p>.batch.v1},
 *                             share group {@code <prefix><provider>-batch})
 * @param batchPollAhead       the batch lanes' look-ahead, shorter than {@code pollAhead}: they poll (about
 *                             {@code pollAhead} of their keys' rate) only once no more than this is booked on the
 *                             keys serving batch work and on those shared with interactive work
 * @param deliveryLimit        a task delivered this many times gets a terminal FAILED result (poison task)
 * @param recordLockDuration   share group {@code share.record.lock.duration.ms} to set, or null to keep the broker's
 * @param partitionRecordLocks share group {@code share.partition.max.record.locks} to set, or null to keep the
 *                             broker's (2,000 by default). A share partition delivers no offset more than this past
 *                             its oldest unfinished record, so it caps what one partition (one busy tenant) can
 *                             have in flight: about rate x (latency + queueing) records are needed
 * @param shareHeartbeat       share group {@code share.heartbeat.interval.ms} to set, or null to keep the broker's
 * @param healthInterval       how often ProviderHealth is published
 * @param doneLookback         how far back the done-marker cache reads at start
 * @param resilience           retry, retry budget, circuit breaker and rate-limit tuning
 * @param secretResolver       resolves API key references
 * @param clock                time source
 * @param cascadeSignals       what judges each cascade signal: the built-in signals, or with a learned answer scorer
 *                             plugged in ({@link AnswerScoreFeed})
 * @param providerBatches      how provider-batch work is gathered and polled
 * @param afterOwnershipRecorded a test seam: called with a provider batch id once its ownership record is durable and
 *                             before its tasks' records are acknowledged; a throw leaves those records unacknowledged
 *                             (released), as a worker that crashed at that point would. Does nothing by default.
 * @param beforeResultWritten  a test seam: called with a request id on a task thread when a delivery, holding its lock,
 *                             starts writing that request's terminal result, before anything is sent; blocking here
 *                             stands for a write the broker is slow to take (a broker restart). Does nothing by default.
 * @param afterProviderAnswered a test seam: called with the request id once a provider answered a synchronous call and
 *                             before the call is billed; a throw ends the delivery there (the task is delivered again,
 *                             no cost event written), as a worker killed at that point would. Does nothing by default.
 */
public record WorkerSettings(
        String bootstrapServers,
        String registryUrl,
        Topics topics,
        Map<String, Object> kafkaOverrides,
        Map<String, URI> baseUrlOverrides,
        String groupIdPrefix,
        int maxInFlight,
        int lanes,
        int laneBatch,
        Duration pollAhead,
        int batchLanes,
        Duration batchPollAhead,
        int deliveryLimit,
        Duration recordLockDuration,
        Integer partitionRecordLocks,
        Duration shareHeartbeat,
        Duration healthInterval,
        Duration doneLookback,
        ResilienceSettings resilience,
        SecretResolver secretResolver,
        Clock clock,
        Signals cascadeSignals,
        ProviderBatchSettings providerBatches,
        Consumer<String> afterOwnershipRecorded,
        Consumer<String> beforeResultWritten,
        Consumer<String> afterProviderAnswered) {

    public WorkerSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registryUrl, "registryUrl");
        Objects.requireNonNull(topics, "topics");
        kafkaOverrides = Map.copyOf(kafkaOverrides);
        baseUrlOverrides = Map.copyOf(baseUrlOverrides);
        Objects.requireNonNull(groupIdPrefix, "groupIdPrefix");
        if (maxInFlight < 1 || lanes < 1 || lanes > maxInFlight) {
            throw new IllegalArgumentException(
                    "need 1 <= lanes <= maxInFlight, got lanes=" + lanes + ", maxInFlight=" + maxInFlight);
        }
        if (laneBatch < 1) {
            throw new IllegalArgumentException("laneBatch must be >= 1, got " + laneBatch);
        }
        Objects.requireNonNull(pollAhead, "pollAhead");
        if (pollAhead.isNegative() || pollAhead.isZero()) {
            throw new IllegalArgumentException("pollAhead must be positive, got " + pollAhead);
        }
        if (batchLanes < 1 || batchLanes > maxInFlight) {
            throw new IllegalArgumentException("need 1 <= batchLanes <= maxInFlight, got batchLanes=" + batchLanes
                    + ", maxInFlight=" + maxInFlight);
        }
        Objects.requireNonNull(batchPollAhead, "batchPollAhead");
        if (batchPollAhead.isNegative() || batchPollAhead.isZero()) {
            throw new IllegalArgumentException("batchPollAhead must be positive, got " + batchPollAhead);
        }
        if (partitionRecordLocks != null && partitionRecordLocks < 100) {
            throw new IllegalArgumentException("partitionRecordLocks must be >= 100 (the broker's minimum) or null,"
                    + " got " + partitionRecordLocks);
        }
        if (deliveryLimit < 1 || deliveryLimit > 9) {
            throw new IllegalArgumentException("deliveryLimit must be in [1, 9] (the broker allows at most 10"
                    + " deliveries and the worker needs the last one for the terminal result), got " + deliveryLimit);
        }
        Objects.requireNonNull(healthInterval, "healthInterval");
        Objects.requireNonNull(doneLookback, "doneLookback");
        Objects.requireNonNull(resilience, "resilience");
        Objects.requireNonNull(secretResolver, "secretResolver");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(cascadeSignals, "cascadeSignals");
        Objects.requireNonNull(providerBatches, "providerBatches");
        Objects.requireNonNull(afterOwnershipRecorded, "afterOwnershipRecorded");
        Objects.requireNonNull(beforeResultWritten, "beforeResultWritten");
        Objects.requireNonNull(afterProviderAnswered, "afterProviderAnswered");
    }

    /**
     * Defaults: 4,000 in flight over 40 lanes taking up to 250 records per poll, polling 1 s ahead (batch lanes: as many,
     * polling once no more than 500 ms is booked), delivery limit 4,
     * 60 s record lock, 4,000 record locks per share partition (the most a default broker allows), health every 5 s.
     */
    public static Builder builder(String bootstrapServers, String registryUrl) {
        return new Builder(bootstrapServers, registryUrl);
    }

    /** The share group id of a provider's workers. */
    public String groupId(String providerId) {
        return groupIdPrefix + providerId;
    }

    /** The share group id of a provider's workers on its batch topic. */
    public String batchGroupId(String providerId) {
        return groupIdPrefix + providerId + "-batch";
    }

    /** Builder for {@link WorkerSettings}. */
    public static final class Builder {
        private final String bootstrapServers;
        private final String registryUrl;
        private Topics topics = Topics.defaults();
        private final Map<String, Object> kafkaOverrides = new HashMap<>();
        private final Map<String, URI> baseUrlOverrides = new HashMap<>();
        private String groupIdPrefix = "routeplane-exec-";
        private int maxInFlight = 4_000;
        private int lanes = 40;
        private int laneBatch = 250;
        private Duration pollAhead = Duration.ofSeconds(1);
        private Integer batchLanes;
        private Duration batchPollAhead = Duration.ofMillis(500);
        private int deliveryLimit = 4;
        private Duration recordLockDuration = Duration.ofSeconds(60);
        private Integer partitionRecordLocks = 4_000;
        private Duration shareHeartbeat;
        private Duration healthInterval = Duration.ofSeconds(5);
        private Duration doneLookback = Duration.ofMinutes(30);
        private ResilienceSettings resilience = ResilienceSettings.defaults();
        private SecretResolver secretResolver = EnvAndFileSecretResolver.system();
        private Clock clock = Clock.systemUTC();
        private Signals cascadeSignals = Signals.builtIn();
        private ProviderBatchSettings providerBatches = ProviderBatchSettings.defaults();
        private Consumer<String> afterOwnershipRecorded = batchId -> {};
        private Consumer<String> beforeResultWritten = requestId -> {};
        private Consumer<String> afterProviderAnswered = requestId -> {};

        private Builder(String bootstrapServers, String registryUrl) {
            this.bootstrapServers = bootstrapServers;
            this.registryUrl = registryUrl;
        }

        public Builder topics(Topics topics) {
            this.topics = topics;
            return this;
        }

        public Builder kafkaOverride(String key, Object value) {
            kafkaOverrides.put(key, value);
            return this;
        }

        public Builder baseUrlOverride(String providerId, URI baseUrl) {
            baseUrlOverrides.put(providerId, baseUrl);
            return this;
        }

        public Builder baseUrlOverrides(Map<String, URI> overrides) {
            baseUrlOverrides.putAll(overrides);
            return this;
        }

        public Builder groupIdPrefix(String prefix) {
            this.groupIdPrefix = prefix;
            return this;
        }

        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        public Builder lanes(int lanes) {
            this.lanes = lanes;
            return this;
        }

        public Builder laneBatch(int records) {
            this.laneBatch = records;
            return this;
        }

        public Builder pollAhead(Duration d) {
            this.pollAhead = d;
            return this;
        }

        /** Share consumers on the batch topic; default: as many as {@link #lanes}. */
        public Builder batchLanes(int lanes) {
            this.batchLanes = lanes;
            return this;
        }

        public Builder batchPollAhead(Duration d) {
            this.batchPollAhead = d;
            return this;
        }

        public Builder deliveryLimit(int limit) {
            this.deliveryLimit = limit;
            return this;
        }

        public Builder recordLockDuration(Duration d) {
            this.recordLockDuration = d;
            return this;
        }

        public Builder partitionRecordLocks(Integer locks) {
            this.partitionRecordLocks = locks;
            return this;
        }

        public Builder shareHeartbeat(Duration d) {
            this.shareHeartbeat = d;
            return this;
        }

        public Builder healthInterval(Duration d) {
            this.healthInterval = d;
            return this;
        }

        public Builder doneLookback(Duration d) {
            this.doneLookback = d;
            return this;
        }

        public Builder resilience(ResilienceSettings r) {
            this.resilience = r;
            return this;
        }

        public Builder secretResolver(SecretResolver r) {
            this.secretResolver = r;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder cascadeSignals(Signals signals) {
            this.cascadeSignals = signals;
            return this;
        }

        public Builder providerBatches(ProviderBatchSettings settings) {
            this.providerBatches = settings;
            return this;
        }

        /** A test seam (see the record's javadoc). */
        public Builder afterOwnershipRecorded(Consumer<String> hook) {
            this.afterOwnershipRecorded = hook;
            return this;
        }

        /** A test seam (see the record's javadoc). */
        public Builder beforeResultWritten(Consumer<String> hook) {
            this.beforeResultWritten = hook;
            return this;
        }

        /** A test seam (see the record's javadoc). */
        public Builder afterProviderAnswered(Consumer<String> hook) {
            this.afterProviderAnswered = hook;
            return this;
        }

        public WorkerSettings build() {
            return new WorkerSettings(
                    bootstrapServers,
                    registryUrl,
                    topics,
                    kafkaOverrides,
                    baseUrlOverrides,
                    groupIdPrefix,
                    maxInFlight,
                    lanes,
                    laneBatch,
                    pollAhead,
                    batchLanes == null ? lanes : batchLanes,
                    batchPollAhead,
                    deliveryLimit,
                    recordLockDuration,
                    partitionRecordLocks,
                    shareHeartbeat,
                    healthInterval,
                    doneLookback,
                    resilience,
                    secretResolver,
                    clock,
                    cascadeSignals,
                    providerBatches,
                    afterOwnershipRecorded,
                    beforeResultWritten,
                    afterProviderAnswered);
        }
    }
}
