package dev.routeplane.config;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Tenant policy for tools, defined once: which tools a request of a tenant may offer the model. A tool must be in the
 * tenant's {@code toolsAllowed}; one in its {@code toolsRequiringApproval} also needs an approval from a trusted
 * source (an operator's {@code routeplane approve} or an approver key's {@code POST /v1/approvals}, on
 * {@code rp.approvals.v1}), never the request's own word. The router decides with it before routing, the executor
 * re-checks every call with it against the approvals the decision recorded, so the two cannot disagree. Stateless
 * and thread-safe.
 */
public final class ToolPolicy {

    private ToolPolicy() {}

    /** Why a tool may not be offered. */
    public enum Rule {
        /** Not in the tenant's {@code toolsAllowed}. */
        NOT_ALLOWED,
        /** In the tenant's {@code toolsRequiringApproval}, without a trusted approval for this request. */
        APPROVAL_REQUIRED
    }

    /**
     * A refused tool.
     *
     * @param rule   which rule refused it
     * @param tool   the tool's name
     * @param reason what the rule says, naming the tenant and its configured lists
     */
    public record Refusal(Rule rule, String tool, String reason) {}

    /**
     * Empty when a request of {@code tenant} may offer every one of {@code tools}, given that trusted approvals cover
     * {@code approved}; otherwise the first tool refused, in the order given.
     */
    public static Optional<Refusal> refusal(Tenant tenant, Collection<String> tools, Set<String> approved) {
        for (String tool : tools) {
            if (!tenant.toolsAllowed().contains(tool)) {
                return Optional.of(new Refusal(
                        Rule.NOT_ALLOWED,
                        tool,
                        "tool '" + tool + "' is not in toolsAllowed " + tenant.toolsAllowed() + " of tenant "
                                + tenant.id()));
            }
        }
        for (String tool : tools) {
            if (needsApproval(tenant, tool) && !approved.contains(tool)) {
                return Optional.of(new Refusal(
                        Rule.APPROVAL_REQUIRED,
                        tool,
                        "tool '" + tool + "' requires approval for tenant " + tenant.id() + " (toolsRequiringApproval "
                                + tenant.toolsRequiringApproval() + ")"));
            }
        }
        return Optional.empty();
    }

    /** Whether a request of {@code tenant} may offer {@code tool}, given trusted approvals for {@code approved}. */
    public static boolean permits(Tenant tenant, String tool, Set<String> approved) {
        return refusal(tenant, Set.of(tool), approved).isEmpty();
    }

    /** Whether {@code tool} needs a trusted approval for each request of {@code tenant}. */
    public static boolean needsApproval(Tenant tenant, String tool) {
        return tenant.toolsRequiringApproval().contains(tool);
    }
}
