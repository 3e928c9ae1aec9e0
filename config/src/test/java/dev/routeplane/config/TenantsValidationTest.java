package dev.routeplane.config;

import static dev.routeplane.config.Fixtures.errorLines;
import static dev.routeplane.config.Fixtures.minimal;
import static dev.routeplane.config.Fixtures.minimalWith;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TenantsValidationTest {

    @Test
    void rejectsAnUnknownAllowedProviderNamingItsIndex() {
        String yaml = minimalWith(
                "allowedProviders: [openai, ollama-local]", "allowedProviders: [openai, ollama-local, opnai]");

        assertThat(errorLines(yaml))
                .containsExactly("routeplane.yaml: tenants.acme.allowedProviders[2]: unknown"
                        + " provider 'opnai'; did you mean 'openai'? known providers: ollama-local, openai");
    }

    @Test
    void storesTheBudgetLimitInMicroDollars() {
        Tenant acme =
                RouteplaneConfig.parse(minimal(), Fixtures.SOURCE).tenants().get("acme");

        assertThat(acme.budget()).isEqualTo(new Budget(BudgetPeriod.MONTHLY, 100_000_000L));
        assertThat(acme.qualityTier()).isEqualTo(QualityTier.STANDARD);
        assertThat(acme.toolsAllowed()).isEmpty();
    }

    @Test
    void rejectsAZeroBudget() {
        assertThat(errorLines(minimalWith("limitUsd: \"100.00\"", "limitUsd: 0")))
                .containsExactly(
                        "routeplane.yaml: tenants.acme.budget.limitUsd: must be greater than 0; remove the tenant to stop"
                                + " its traffic");
    }

    @Test
    void rejectsApprovalForAToolThatIsNotAllowed() {
        String yaml = minimalWith(
                "    allowedProviders:",
                "    toolsAllowed: [search_docs]\n"
                        + "    toolsRequiringApproval: [send_email]\n    allowedProviders:");

        assertThat(errorLines(yaml))
                .containsExactly("routeplane.yaml: tenants.acme.toolsRequiringApproval[0]: tool"
                        + " 'send_email' requires approval but is not in toolsAllowed; add it there");
    }

    @Test
    void readsAnApproverRoleOfAnApiKeyAndRejectsAnUnknownRole() {
        String approver = minimalWith(
                "      - { id: acme-main, secretRef: \"env:RP_KEY_ACME\" }",
                "      - { id: acme-main, secretRef: \"env:RP_KEY_ACME\" }\n"
                        + "      - { id: acme-boss, secretRef: \"env:RP_KEY_ACME_BOSS\", roles: [approver] }");
        String unknown = minimalWith(
                "      - { id: acme-main, secretRef: \"env:RP_KEY_ACME\" }",
                "      - { id: acme-main, secretRef: \"env:RP_KEY_ACME\", roles: [admin] }");

        assertThat(RouteplaneConfig.parse(approver, Fixtures.SOURCE)
                        .tenants()
                        .get("acme")
                        .apiKeys())
                .extracting(ApiKeyRef::id, ApiKeyRef::roles)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("acme-main", java.util.Set.of()),
                        org.assertj.core.groups.Tuple.tuple("acme-boss", java.util.Set.of(ApiKeyRole.APPROVER)));
        assertThat(errorLines(unknown))
                .singleElement()
                .asString()
                .startsWith("routeplane.yaml: tenants.acme.apiKeys[0].roles[0]: unknown API key role 'admin'");
    }

    @Test
    void rejectsARegulatedRuleThatNoProviderSatisfies() {
        String yaml = minimalWith(
                "    allowedProviders: [openai, ollama-local]\n",
                "    allowedProviders: [openai]\n"
                        + "    dataClassRules:\n      REGULATED: { allowedSovereignty: [self-hosted, local] }\n");

        assertThat(errorLines(yaml))
                .containsExactly(
                        "routeplane.yaml: tenants.acme.dataClassRules.REGULATED: no"
                                + " provider satisfies this rule together with the tenant's allowedProviders, allowedRegions and"
                                + " defaultTags, so every REGULATED request would be rejected; widen the rule or add a provider");
    }

    @Test
    void acceptsEuResidencyWhenOnlyTheLocalProviderQualifies() {
        String yaml =
                minimalWith("    allowedProviders: [openai, ollama-local]\n", "    defaultTags: [eu_data_residency]\n");

        RouteplaneConfig config = RouteplaneConfig.parse(yaml, Fixtures.SOURCE);
        Tenant acme = config.tenants().get("acme");

        assertThat(config.providers().values())
                .filteredOn(PolicyTag.EU_DATA_RESIDENCY::admits)
                .extracting(Provider::id)
                .containsExactly("ollama-local");
        assertThat(acme.defaultTags()).containsExactly(PolicyTag.EU_DATA_RESIDENCY);
    }

    @Test
    void rejectsAnUnknownTagAndAnUnknownRegion() {
        String yaml = minimalWith(
                "    allowedProviders: [openai, ollama-local]\n",
                "    defaultTags: [eu_data_residence]\n    allowedRegions: [us-eats]\n");

        assertThat(errorLines(yaml))
                .containsExactly(
                        "routeplane.yaml: tenants.acme.allowedRegions[0]: unknown region 'us-eats'; did you mean 'us-east'?"
                                + " known regions: local, us-east",
                        "routeplane.yaml: tenants.acme.defaultTags[0]: unknown policy tag 'eu_data_residence'; did you mean"
                                + " 'eu_data_residency'? known values: eu_data_residency, no_training_on_data");
    }

    @Test
    void rejectsASecretRefThatIsNotAReferenceWithoutRepeatingIt() {
        String pasted = "rp-live-0123456789abcdef";

        var lines = errorLines(minimalWith("secretRef: \"env:RP_KEY_ACME\"", "secretRef: " + pasted));

        assertThat(lines)
                .containsExactly("routeplane.yaml: tenants.acme.apiKeys[0].secretRef: expected a reference"
                        + " 'env:NAME' or 'file:PATH' (the key itself never goes in this file)");
        assertThat(String.join("\n", lines)).doesNotContain(pasted);
    }

    @Test
    void rejectsAnApiKeyIdUsedByTwoTenants() {
        String second = "  other:\n    displayName: Other\n    budget: { period: daily, limitUsd: 1 }\n"
                + "    apiKeys:\n      - { id: acme-main, secretRef: \"file:/run/secrets/other\" }\n";

        assertThat(errorLines(minimal() + second))
                .containsExactly("routeplane.yaml: tenants.other.apiKeys[0].id:"
                        + " API key id 'acme-main' is already used; key ids are unique across tenants");
    }

    @Test
    void readsBringYourOwnKeysForDeclaredProvidersOnly() {
        String yaml = minimalWith(
                "    allowedProviders:",
                "    providerKeys:\n      openai: \"env:ACME_OPENAI\"\n"
                        + "      anthropic: \"env:ACME_ANTHROPIC\"\n    allowedProviders:");

        assertThat(errorLines(yaml))
                .containsExactly("routeplane.yaml: tenants.acme.providerKeys.anthropic: unknown"
                        + " provider 'anthropic'; known providers: ollama-local, openai");
    }
}
