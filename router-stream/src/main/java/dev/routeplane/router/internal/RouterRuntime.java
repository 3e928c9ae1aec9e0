package dev.routeplane.router.internal;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.Approval;
import dev.routeplane.contract.BatchState;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ProviderHealth;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RouteStats;
import dev.routeplane.contract.TenantSpend;
import dev.routeplane.router.RequestValidator;
import dev.routeplane.router.RouterMeters;
import dev.routeplane.router.RouterTopologyConfig;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Everything the router's processors share, built once per {@code build(...)}: immutable, thread-safe, so the
 * stream threads' processor instances can all reference it.
 */
public final class RouterRuntime {
    /** How long a routed requestId is remembered for de-duplication. */
    public static final Duration DEDUPE_RETENTION = Duration.ofDays(7);
    /** How long an approval counts: the approvals topic's retention. */
    public static final Duration APPROVAL_RETENTION = Duration.ofDays(7);
    /**
     * How often expired de-duplication entries are purged (wall clock). Each purge deletes at most
     * {@link dev.routeplane.schemas.streams.GenerationKeys#MAX_PURGE} ids, so the store forgets up to 5,000 ids a
     * second, more than a stream thread routes; a purge with nothing to forget is one seek.
     */
    public static final Duration DEDUPE_PURGE_INTERVAL = Duration.ofSeconds(10);
    /** How often expired approvals are purged (wall clock). */
    public static final Duration APPROVAL_PURGE_INTERVAL = Duration.ofMinutes(10);
    /** How often batch requests waiting for reservations to settle are routed again (wall clock). */
    public static final Duration PARKED_RETRY_INTERVAL = Duration.ofSeconds(1);

    final RouteplaneConfig config;
    final Topics topics;
    final Clock clock;
    final RequestValidator validator;
    final RoutingEngine engine;
    final RecordDecoder<RouteRequest> requests;
    final RecordDecoder<ExecutionResult> results;
    final RecordDecoder<TenantSpend> tenantSpend;
    final RecordDecoder<AliasBinding> aliases;
    final RecordDecoder<ProviderHealth> health;
    final RecordDecoder<RouteStats> stats;
    final RecordDecoder<Approval> approvals;
    final RecordDecoder<BatchState> batches;
    final RouterMeters meters;
    final InteractiveCommits interactiveCommits = new InteractiveCommits();

    public RouterRuntime(RouterTopologyConfig cfg, RouterMeters meters) {
        this.meters = meters;
        this.config = cfg.config();
        this.topics = cfg.topics();
        this.clock = cfg.clock();
        this.validator = new DefaultRequestValidator(config);
        DecisionAssembler assembler =
                new DecisionAssembler(config.router(), cfg.routerVersion(), policyVersion(config));
        this.engine = new RoutingEngine(
                config, cfg.classifier(), new ConfiguredRoutingPolicy(config.priceBook()), cfg.selector(), assembler);
        this.requests = cfg.serdes().decoder(topics.requests());
        this.results = cfg.serdes().decoder(topics.results());
        this.tenantSpend = cfg.serdes().decoder(topics.tenantSpend());
        this.aliases = cfg.serdes().decoder(topics.aliases());
        this.health = cfg.serdes().decoder(topics.providerHealth());
        this.stats = cfg.serdes().decoder(topics.routeStats());
        this.approvals = cfg.serdes().decoder(topics.approvals());
        this.batches = cfg.serdes().decoder(topics.batches());
    }

    /**
     * {@code cfg-<12 hex>}: a hash of the whole configuration, so a decision says which policy produced it.
     * The config's string form holds secret references (env:NAME), never secrets.
     */
    public static String policyVersion(RouteplaneConfig config) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(config.toString().getBytes(StandardCharsets.UTF_8));
            return "cfg-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
