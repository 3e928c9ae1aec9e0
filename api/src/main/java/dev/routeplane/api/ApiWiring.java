package dev.routeplane.api;

import dev.routeplane.client.BatchStates;
import dev.routeplane.client.RequestSender;
import dev.routeplane.client.RouterBacklog;
import dev.routeplane.client.SubmissionPacer;
import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.ledger.LedgerHttpHandler;
import dev.routeplane.router.ApprovalPublisher;
import dev.routeplane.runtime.MetricsAccess;
import dev.routeplane.runtime.MetricsEndpoint;
import dev.routeplane.runtime.RouteplaneRuntime;
import dev.routeplane.runtime.ServiceHealth;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** The HTTP API on top of a running {@link RouteplaneRuntime}; closes what it opened. */
public final class ApiWiring implements AutoCloseable {

    private final TenantAuthenticator authenticator;
    private final ResultIndex index;
    private final ApprovalPublisher approvals;
    private final RequestSender submitter;
    private final RouterBacklog backlog;
    private final BatchStates batchStates;
    private final ApiServer server;

    /**
     * @param demoKeys give tenants whose key is not in the environment the documented demo key
     *     ({@code rp-demo-<tenant>}); only for the embedded platform, and the API then listens on loopback only
     */
    public ApiWiring(RouteplaneRuntime runtime, int port, boolean demoKeys) {
        this(runtime, port, demoKeys, null, null);
    }

    /**
     * @param ledgerUrl   where {@code ledger serve} answers, when this process runs no ledger (else null)
     * @param bindAddress the interface to listen on, or null for the API's default (loopback with demo keys)
     */
    public ApiWiring(RouteplaneRuntime runtime, int port, boolean demoKeys, URI ledgerUrl, String bindAddress) {
        this(
                runtime,
                port,
                TenantAuthenticator.fromConfig(runtime.options().config(), EnvAndFileSecretResolver.system(), demoKeys),
                ledgerUrl,
                bindAddress,
                FileLimits.ofDefaults(),
                MetricsAccess.open());
    }

    /**
     * @param authenticator the tenants' keys (demo keys or not)
     * @param fileLimits each tenant's file storage: bytes, files, retention
     * @param metricsAccess who may read {@code /metrics} on the API's port
     * @throws PublicListenGuard.UnsafeListenException if {@code bindAddress} is not loopback while demo keys are on
     *     or a tenant key is missing or weak
     */
    public ApiWiring(
            RouteplaneRuntime runtime,
            int port,
            TenantAuthenticator authenticator,
            URI ledgerUrl,
            String bindAddress,
            FileLimits fileLimits,
            MetricsAccess metricsAccess) {
        Map<String, Object> kafka = runtime.clientProperties();
        this.authenticator = authenticator;
        index = new ResultIndex(kafka, runtime.topics(), runtime.serdes());
        submitter = new RequestSender(kafka, runtime.topics(), runtime.serdes(), "routeplane-api-submitter");
        backlog = new RouterBacklog(kafka, runtime.topics(), RouterBacklog.DEFAULT_ROUTER_GROUP);
        batchStates = new BatchStates(kafka, runtime.topics(), runtime.serdes(), "routeplane-api-batches");
        approvals = new ApprovalPublisher(kafka, runtime.topics(), runtime.serdes());
        ApiServer.Builder builder = ApiServer.builder()
                .port(port)
                .dataDir(runtime.options().dataDir())
                .config(runtime.options().config())
                .authenticator(authenticator)
                .resultIndex(index)
                .submitter(submitter)
                .approvals(approvals)
                .pacer(new SubmissionPacer(backlog::backlog, SubmissionPacer.DEFAULT_WINDOW, Duration.ofMillis(50)))
                .batchStates(batchStates)
                .bindAddress(bindAddress)
                .fileLimits(fileLimits)
                .mount("/metrics", MetricsEndpoint.handler(runtime.meters(), metricsAccess))
                .mount("/health", MetricsEndpoint.handler(runtime.meters(), metricsAccess, runtime.health()));
        runtime.health().register("api", () -> index.running() ? ServiceHealth.Status.UP : ServiceHealth.Status.DOWN);
        if (runtime.ledger().isPresent()) {
            builder.mountAuthenticated(
                    LedgerRoute.PREFIX,
                    new LedgerRoute(new LedgerHttpHandler(runtime.ledger().get().queries(), authenticator::mayRead)));
        } else {
            builder.mountAuthenticated(LedgerRoute.PREFIX, new LedgerForwarder(ledgerUrl));
        }
        try {
            server = builder.start();
        } catch (RuntimeException e) {
            approvals.close();
            submitter.close();
            batchStates.close();
            backlog.close();
            index.close();
            throw e;
        }
    }

    public ApiServer server() {
        return server;
    }

    public TenantAuthenticator authenticator() {
        return authenticator;
    }

    @Override
    public void close() {
        server.close();
        approvals.close();
        submitter.close();
        batchStates.close();
        backlog.close();
        index.close();
    }
}
