package dev.routeplane.cli;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.Tenant;
import dev.routeplane.contract.Approval;
import dev.routeplane.router.ApprovalPublisher;
import dev.routeplane.schemas.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * An operator's approval of side-effect tools for one request: written to {@code rp.approvals.v1}, where the router
 * looks for it before routing that request id. Approve before the request is sent (or send it again after).
 */
@Command(
        name = "approve",
        mixinStandardHelpOptions = true,
        description = "Approve side-effect tools (the tenant's toolsRequiringApproval) for one request.")
public final class ApproveCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--config", paramLabel = "FILE", description = "routeplane.yaml (default: the bundled example).")
    Path configFile;

    @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "The request's tenant.")
    String tenantId;

    @Option(
            names = "--request",
            required = true,
            paramLabel = "ID",
            description = "The request's id (its Idempotency-Key, custom_id or requestId).")
    String requestId;

    @Option(
            names = "--tool",
            required = true,
            paramLabel = "TOOL",
            description = "A tool to approve for it; repeat for several.")
    List<String> tools;

    @Option(
            names = "--by",
            paramLabel = "NAME",
            description = "Who approves, recorded in the decision as operator:NAME (default: this OS user).")
    String by;

    @Option(names = "--note", paramLabel = "TEXT", description = "Why, for the record.")
    String note;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RouteplaneConfig config = configFile == null ? RouteplaneConfig.defaults() : RouteplaneConfig.load(configFile);
        Tenant tenant = config.tenants().get(tenantId);
        if (tenant == null) {
            throw new IllegalArgumentException("--tenant " + tenantId + " is not configured; tenants are "
                    + config.tenants().keySet());
        }
        ApprovalPublisher.problem(tenant, requestId, tools).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        String approver = "operator:" + (by != null ? by : System.getProperty("user.name"));
        Approval approval = ApprovalPublisher.approval(tenantId, requestId, tools, approver, Instant.now(), note);
        try (ApprovalPublisher publisher =
                new ApprovalPublisher(cluster.clientConfig(), Topics.defaults(), cluster.serdes())) {
            publisher.publish(approval).get(30, TimeUnit.SECONDS);
        }
        spec.commandLine()
                .getOut()
                .println("approved " + String.join(", ", tools) + " for request " + requestId + " of tenant " + tenantId
                        + " as " + approver + "; the router lets it through when that request is sent");
        return 0;
    }
}
