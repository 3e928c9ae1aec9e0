package dev.routeplane.schemas;

import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.Approval;
import dev.routeplane.contract.BatchState;
import dev.routeplane.contract.CallIntent;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.Feedback;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.ProviderBatch;
import dev.routeplane.contract.ProviderHealth;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RouteStats;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.SuccessModelSnapshot;
import dev.routeplane.contract.TenantSpend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;

/**
 * The one place Routeplane topics are declared. Every topic name is {@code <prefix>.<name>.v1}, using
 * only {@code .} and {@code -}; the prefix defaults to {@code rp}.
 *
 * <p>Keys are always strings. Requests, tasks, results, cost events, feedback and tenant spend are keyed
 * by tenantId and must have the same partition count (co-partitioned), which is why one partition count
 * applies to all topics of an instance. Instances are immutable and thread-safe.
 */
public final class Topics {

    /** Prefix used when none is configured. */
    public static final String DEFAULT_PREFIX = "rp";
    /** Partition count used when none is configured. */
    public static final int DEFAULT_PARTITIONS = 6;

    // Kafka allows [a-zA-Z0-9._-]; Routeplane restricts names to lowercase and never uses '_' because
    // Kafka metric names collide for topics that differ only in '.' versus '_'.
    private static final Pattern PROVIDER_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");
    private static final int MAX_TOPIC_NAME_LENGTH = 249;

    private static final Duration DAYS_3 = Duration.ofDays(3);
    private static final Duration DAYS_7 = Duration.ofDays(7);
    private static final Duration DAYS_30 = Duration.ofDays(30);
    private static final Duration DAYS_90 = Duration.ofDays(90);

    private final String prefix;
    private final int partitions;

    private Topics(String prefix, int partitions) {
        this.prefix = prefix;
        this.partitions = partitions;
    }

    /** Topics with prefix {@code rp} and 6 partitions. */
    public static Topics defaults() {
        return withPrefix(DEFAULT_PREFIX, DEFAULT_PARTITIONS);
    }

    /**
     * Topics named {@code <prefix>.<name>.v1} with the given partition count.
     *
     * @param prefix lowercase letters and digits, segments joined by {@code .} or {@code -}
     * @throws IllegalArgumentException if the prefix is invalid or partitions is below 1
     */
    public static Topics withPrefix(String prefix, int partitions) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Topic prefix '" + prefix + "' is invalid: use lowercase letters"
                    + " and digits, segments joined by '.' or '-' (e.g. 'rp' or 'acme.rp')");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Partition count must be at least 1, got " + partitions);
        }
        return new Topics(prefix, partitions);
    }

    public String prefix() {
        return prefix;
    }

    public int partitions() {
        return partitions;
    }

    /** Incoming {@code RouteRequest}s, keyed by tenantId. */
    public TopicSpec<RouteRequest> requests() {
        return spec("requests", RouteRequest.class, CleanupPolicy.DELETE, DAYS_7);
    }

    /**
     * Requests refused before routing, with a reason code; keyed by tenantId, or by topic-partition-offset when
     * undecodable. Kept 3 days, shorter than the requests themselves: an undecodable record's first bytes
     * ({@link RejectedRecords}) may hold prompt text, and the reason code is what an operator needs soon after.
     */
    public TopicSpec<RejectedRequest> requestsRejected() {
        return spec("requests.rejected", RejectedRequest.class, CleanupPolicy.DELETE, DAYS_3);
    }

    /** A {@code RoutingDecision} for every routed request, keyed by tenantId. */
    public TopicSpec<RoutingDecision> decisions() {
        return spec("decisions", RoutingDecision.class, CleanupPolicy.DELETE, DAYS_30);
    }

    /**
     * Work for one provider's executors, {@code <prefix>.exec.<providerId>.v1}, keyed by tenantId.
     *
     * @param providerId provider id as spelled in config: lowercase letters, digits and single dashes
     * @throws IllegalArgumentException naming the id if it cannot be part of a topic name
     */
    public TopicSpec<ExecutionTask> exec(String providerId) {
        return spec("exec." + checkProvider(providerId), ExecutionTask.class, CleanupPolicy.DELETE, DAYS_7);
    }

    /**
     * Batch work for one provider's executors, {@code <prefix>.exec.<providerId>.batch.v1}, keyed by tenantId: the
     * tasks of requests whose latency class is {@code BATCH}. Executors take from it only the capacity interactive
     * and background work leave, so a batch backlog waits here, never in front of a person waiting for an answer.
     *
     * @throws IllegalArgumentException naming the id if it cannot be part of a topic name
     */
    public TopicSpec<ExecutionTask> execBatch(String providerId) {
        return spec("exec." + checkProvider(providerId) + ".batch", ExecutionTask.class, CleanupPolicy.DELETE, DAYS_7);
    }

    /**
     * The exec topic of a task of the given latency class: {@link #execBatch} for {@code BATCH}, {@link #exec} for
     * {@code INTERACTIVE} and {@code BACKGROUND}. Every producer of tasks (the router, fallbacks, cascade steps)
     * picks its topic here.
     */
    public TopicSpec<ExecutionTask> exec(String providerId, LatencyClass latencyClass) {
        return latencyClass == LatencyClass.BATCH ? execBatch(providerId) : exec(providerId);
    }

    /**
     * Where each batch job stands ({@code BatchState}, compacted), keyed by {@link #batchKey}: written by the batch's
     * submitter, read by the router and executors (cancellation), {@code status} and a resumed {@code submit}.
     */
    public TopicSpec<BatchState> batches() {
        return spec("batches", BatchState.class, CleanupPolicy.COMPACT, null);
    }

    /**
     * Who owns each open provider batch ({@code ProviderBatch}, compacted), keyed by {@link #providerBatchKey}: the
     * executor that submitted a provider batch records its tasks here before it acknowledges their share-group records,
     * and the provider's batch pollers (one consumer group per provider, each partition owned by one poller) poll it
     * from there to its end, then write a tombstone. A restarted or rebalanced poller rebuilds its open batches from
     * this topic.
     */
    public TopicSpec<ProviderBatch> providerBatches() {
        return spec("provider-batches", ProviderBatch.class, CleanupPolicy.COMPACT, null);
    }

    /** Key of a provider batch's ownership record: {@code <providerId>/<providerBatchId>}. */
    public static String providerBatchKey(String providerId, String providerBatchId) {
        return providerId + "/" + providerBatchId;
    }

    /** Key of a batch's state record: {@code <tenantId>/<batchId>}. */
    public static String batchKey(String tenantId, String batchId) {
        return tenantId + "/" + batchId;
    }

    private static String checkProvider(String providerId) {
        if (providerId == null || !PROVIDER_ID.matcher(providerId).matches()) {
            throw new IllegalArgumentException("Provider id '" + providerId + "' cannot be used in a topic name:"
                    + " use lowercase letters, digits and single '-' between them (e.g. 'openai', 'azure-eu')");
        }
        return providerId;
    }

    /** One terminal {@code ExecutionResult} per accepted request, keyed by tenantId. */
    public TopicSpec<ExecutionResult> results() {
        return spec("results", ExecutionResult.class, CleanupPolicy.DELETE, DAYS_30);
    }

    /**
     * Results of shadow calls, keyed by tenantId: a lane's shadow model answering a share of its requests for
     * comparison. Billed and scored like any call, never returned to the caller; request ids end in {@code #shadow}.
     */
    public TopicSpec<ExecutionResult> shadowResults() {
        return spec("shadow-results", ExecutionResult.class, CleanupPolicy.DELETE, DAYS_30);
    }

    /**
     * One {@code CostEvent} per provider call, keyed by tenantId. Kept forever: billing state is rebuilt
     * from it, so time-based deletion would lose money.
     */
    public TopicSpec<CostEvent> ledger() {
        return spec("ledger", CostEvent.class, CleanupPolicy.DELETE, TopicSpec.FOREVER);
    }

    /**
     * One {@code CallIntent} per billable synchronous provider call, keyed by tenantId (co-partitioned with
     * {@link #ledger()}): written durably by the executor before it calls, closed by the call's cost event (or a closing
     * intent for a try that failed unbilled). The ledger settles an intent left open by a crash. Kept 7 days: an intent
     * is settled within minutes of its call.
     */
    public TopicSpec<CallIntent> callIntents() {
        return spec("call-intents", CallIntent.class, CleanupPolicy.DELETE, DAYS_7);
    }

    /** Latest {@code TenantSpend} per tenant (compacted), keyed by tenantId. */
    public TopicSpec<TenantSpend> tenantSpend() {
        return spec("tenant-spend", TenantSpend.class, CleanupPolicy.COMPACT, null);
    }

    /** Latest {@code RouteStats} per route (compacted), keyed by {@link #routeStatsKey}. */
    public TopicSpec<RouteStats> routeStats() {
        return spec("route-stats", RouteStats.class, CleanupPolicy.COMPACT, null);
    }

    /** Ratings and evaluation labels, keyed by tenantId. */
    public TopicSpec<Feedback> feedback() {
        return spec("feedback", Feedback.class, CleanupPolicy.DELETE, DAYS_90);
    }

    /** Current {@code AliasBinding} per alias (compacted), keyed by alias. */
    public TopicSpec<AliasBinding> aliases() {
        return spec("aliases", AliasBinding.class, CleanupPolicy.COMPACT, null);
    }

    /** Latest {@code ProviderHealth} per provider (compacted), keyed by provider id. */
    public TopicSpec<ProviderHealth> providerHealth() {
        return spec("provider-health", ProviderHealth.class, CleanupPolicy.COMPACT, null);
    }

    /**
     * Latest {@code SuccessModelSnapshot} per route (compacted), keyed by the route's model id: the learner's
     * per-prompt success models, read by every router.
     */
    public TopicSpec<SuccessModelSnapshot> successModels() {
        return spec("success-models", SuccessModelSnapshot.class, CleanupPolicy.COMPACT, null);
    }

    /**
     * Approvals of side-effect tools for single requests ({@code Approval}), keyed by tenantId so each lands in the
     * router task that routes the tenant's requests. Kept 7 days, as long as requests: an approval is for a request
     * that is about to be sent.
     */
    public TopicSpec<Approval> approvals() {
        return spec("approvals", Approval.class, CleanupPolicy.DELETE, DAYS_7);
    }

    /** Every topic: the fixed ones followed by the two exec topics of each provider, in the order given. */
    public List<TopicSpec<? extends SpecificRecord>> all(Collection<String> providers) {
        List<TopicSpec<? extends SpecificRecord>> all = new ArrayList<>(List.of(
                requests(),
                requestsRejected(),
                decisions(),
                results(),
                shadowResults(),
                ledger(),
                callIntents(),
                tenantSpend(),
                routeStats(),
                feedback(),
                aliases(),
                providerHealth(),
                successModels(),
                approvals(),
                batches(),
                providerBatches()));
        for (String provider : providers) {
            all.add(exec(provider));
            all.add(execBatch(provider));
        }
        return List.copyOf(all);
    }

    /**
     * Key of a route-stats record: {@code lane|provider|model}.
     *
     * @throws IllegalArgumentException if a part is empty or contains {@code |}, which would make keys ambiguous
     */
    public static String routeStatsKey(String lane, String provider, String model) {
        return checkKeyPart("lane", lane) + "|" + checkKeyPart("provider", provider) + "|"
                + checkKeyPart("model", model);
    }

    private static String checkKeyPart(String what, String value) {
        if (value == null || value.isEmpty() || value.indexOf('|') >= 0) {
            throw new IllegalArgumentException(
                    "Route-stats key " + what + " '" + value + "' must be non-empty and must not contain '|'");
        }
        return value;
    }

    private <V extends SpecificRecord> TopicSpec<V> spec(
            String name, Class<V> type, CleanupPolicy policy, Duration retention) {
        String full = prefix + "." + name + ".v1";
        if (full.length() > MAX_TOPIC_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    "Topic name '" + full + "' is longer than Kafka's limit of " + MAX_TOPIC_NAME_LENGTH);
        }
        return new TopicSpec<>(full, type, partitions, policy, retention);
    }

    @Override
    public String toString() {
        return "Topics[prefix=" + prefix + ", partitions=" + partitions + "]";
    }
}
