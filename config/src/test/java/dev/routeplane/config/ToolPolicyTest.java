package dev.routeplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.ToolPolicy.Rule;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolPolicyTest {
    /** umbrella: toolsAllowed [search_docs, create_ticket, send_email], send_email requires approval. */
    private static final Tenant UMBRELLA = RouteplaneConfig.defaults().tenants().get("umbrella");

    @Test
    void aToolOutsideToolsAllowedIsRefusedWhateverIsApproved() {
        var refusal = ToolPolicy.refusal(UMBRELLA, List.of("search_docs", "wire_money"), Set.of("wire_money"));

        assertThat(refusal).get().extracting(ToolPolicy.Refusal::rule).isEqualTo(Rule.NOT_ALLOWED);
        assertThat(refusal.get().tool()).isEqualTo("wire_money");
        assertThat(refusal.get().reason())
                .isEqualTo("tool 'wire_money' is not in toolsAllowed [search_docs, create_ticket, send_email] of tenant"
                        + " umbrella");
    }

    @Test
    void aToolNeedingApprovalPassesOnlyWithAnApprovalForIt() {
        assertThat(ToolPolicy.refusal(UMBRELLA, List.of("send_email"), Set.of()))
                .get()
                .extracting(ToolPolicy.Refusal::rule)
                .isEqualTo(Rule.APPROVAL_REQUIRED);
        assertThat(ToolPolicy.refusal(UMBRELLA, List.of("send_email"), Set.of("create_ticket")))
                .isPresent();
        assertThat(ToolPolicy.refusal(UMBRELLA, List.of("send_email", "search_docs"), Set.of("send_email")))
                .isEmpty();
        assertThat(ToolPolicy.permits(UMBRELLA, "send_email", Set.of("send_email")))
                .isTrue();
        assertThat(ToolPolicy.permits(UMBRELLA, "send_email", Set.of())).isFalse();
    }

    @Test
    void toolsWithoutTheApprovalRuleNeedNoApproval() {
        assertThat(ToolPolicy.refusal(UMBRELLA, List.of("search_docs", "create_ticket"), Set.of()))
                .isEmpty();
        assertThat(ToolPolicy.needsApproval(UMBRELLA, "create_ticket")).isFalse();
        assertThat(ToolPolicy.needsApproval(UMBRELLA, "send_email")).isTrue();
    }
}
