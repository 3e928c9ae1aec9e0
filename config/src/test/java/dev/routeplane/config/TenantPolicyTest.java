package dev.routeplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TenantPolicyTest {
    private static final RouteplaneConfig CONFIG = RouteplaneConfig.defaults();

    private static Tenant tenant(String id) {
        return CONFIG.tenants().get(id);
    }

    private static Provider provider(String id) {
        return CONFIG.providers().get(id);
    }

    @Test
    void aRegulatedRequestMustAlsoPassTheRuleOfEveryLessSensitiveClass() {
        // acme has a CONFIDENTIAL rule only (no training); deepseek trains on data
        var refusal = TenantPolicy.refusal(tenant("acme"), Set.of(), DataClass.REGULATED, provider("deepseek"));

        assertThat(refusal).hasValueSatisfying(r -> {
            assertThat(r.rule()).isEqualTo(TenantPolicy.Rule.DATA_CLASS_RULE);
            assertThat(r.path()).isEqualTo("dataClassRules[CONFIDENTIAL]");
        });
        assertThat(TenantPolicy.refusal(tenant("acme"), Set.of(), DataClass.INTERNAL, provider("deepseek")))
                .isEmpty();
    }

    @Test
    void appliesAllowlistsBeforeTagsBeforeDataClassRules() {
        assertThat(TenantPolicy.refusal(
                                tenant("tightwad"),
                                Set.of(PolicyTag.NO_TRAINING_ON_DATA),
                                DataClass.PUBLIC,
                                provider("deepseek"))
                        .orElseThrow()
                        .rule())
                .isEqualTo(TenantPolicy.Rule.ALLOWED_PROVIDERS);
        assertThat(TenantPolicy.refusal(
                                tenant("acme"),
                                Set.of(PolicyTag.EU_DATA_RESIDENCY),
                                DataClass.PUBLIC,
                                provider("openai"))
                        .orElseThrow()
                        .path())
                .isEqualTo("tag eu_data_residency");
    }

    @Test
    void readsRequestTagsIgnoringCaseAndBlanksOnTopOfTheTenantsDefaults() {
        assertThat(TenantPolicy.tags(tenant("acme"), List.of(" EU_Data_Residency ", "unknown-tag")))
                .containsExactly(PolicyTag.EU_DATA_RESIDENCY);
        assertThat(TenantPolicy.tags(tenant("globex-eu"), List.of()))
                .containsExactlyInAnyOrder(PolicyTag.EU_DATA_RESIDENCY, PolicyTag.NO_TRAINING_ON_DATA);
    }
}
