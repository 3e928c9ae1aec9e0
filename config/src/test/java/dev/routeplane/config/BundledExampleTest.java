package dev.routeplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BundledExampleTest {
    private final RouteplaneConfig config = RouteplaneConfig.defaults();

    @Test
    void loadsEveryProviderModelAndTenantInFileOrder() {
        assertThat(config.providers().keySet())
                .containsExactly("openai", "anthropic", "mistral", "deepseek", "vllm-internal", "ollama-local");
        assertThat(config.models()).hasSize(10);
        assertThat(config.tenants().keySet()).containsExactly("acme", "globex-eu", "initech", "tightwad", "umbrella");
    }

    @Test
    void keepsPricesAsExactMicroDollarsPerMillionTokens() {
        ModelPrice gpt4o = config.models().get("gpt-4o").prices().get(0);
        assertThat(gpt4o).isEqualTo(new ModelPrice(LocalDate.of(2024, 8, 6), 2_500_000L, 10_000_000L));
        assertThat(config.models().get("gpt-4o-mini").prices().get(0).inputMicrosPerMillion())
                .isEqualTo(150_000L);
        assertThat(config.models().get("llama-3-1-8b-local").prices().get(0).outputMicrosPerMillion())
                .isZero();
    }

    @Test
    void hasOneModelWithAPriceChange() {
        assertThat(config.models().get("deepseek-chat").prices())
                .containsExactly(
                        new ModelPrice(LocalDate.of(2024, 12, 26), 140_000L, 280_000L),
                        new ModelPrice(LocalDate.of(2025, 2, 9), 270_000L, 1_100_000L));
    }

    @Test
    void resolvesAliasesToTheirInitialModels() {
        assertThat(config.aliases()).containsEntry("prod-stable", "gpt-4o");
        assertThat(config.resolveModel("coder").map(Model::providerModel)).contains("Qwen/Qwen2.5-Coder-32B-Instruct");
        assertThat(config.resolveModel("no-such-model")).isEmpty();
    }

    @Test
    void ordersLanesAsWrittenWithTheCatchAllLast() {
        assertThat(config.lanes())
                .extracting(Lane::name)
                .containsExactly(
                        "long-context",
                        "code",
                        "extraction",
                        "summarization",
                        "translation",
                        "multilingual",
                        "reasoning",
                        "interactive-chat",
                        "default");
        assertThat(config.lanes())
                .filteredOn(Lane::isCatchAll)
                .extracting(Lane::name)
                .containsExactly("default");
        Lane code = config.lanes().get(1);
        assertThat(code.match().orElseThrow().taskTypes()).containsExactly(TaskType.CODE);
        assertThat(code.candidates()).startsWith("coder", "claude-sonnet-4");
        assertThat(code.maxOutputTokens()).hasValue(4096);
        assertThat(config.lanes().get(2).shadow()).contains(new Shadow("llama-3-1-70b", 0.05));
    }

    @Test
    void describesProvidersWithKeyReferencesOnly() {
        Provider vllm = config.providers().get("vllm-internal");
        assertThat(vllm.sovereignty()).isEqualTo(Sovereignty.SELF_HOSTED);
        assertThat(vllm.keyProfiles().get(0).apiKey()).contains(SecretRef.file("/run/secrets/vllm-api-key"));
        assertThat(config.providers().get("ollama-local").keyProfiles().get(0).apiKey())
                .isEmpty();
        assertThat(config.providers().get("openai").keyProfiles())
                .extracting(KeyProfile::rpm)
                .containsExactly(5000, 500);
        KeyProfile batch = config.providers().get("openai").keyProfiles().get(1);
        assertThat(batch.latencyClasses()).containsExactly(LatencyClass.BATCH);
        assertThat(config.providers().get("openai").keyProfiles().get(0).serves(LatencyClass.INTERACTIVE))
                .isTrue();
        assertThat(config.router().defaultBatchDeadlineMs()).isEqualTo(86_400_000L);
        assertThat(config.providers().get("deepseek").execTopic("rp")).isEqualTo("rp.exec.deepseek.v1");
    }

    @Test
    void restrictsRegulatedDataOfInitechToSelfHostedAndLocalProviders() {
        DataClassRule regulated =
                config.tenants().get("initech").ruleFor(DataClass.REGULATED).orElseThrow();
        assertThat(regulated.allowedSovereignty()).containsExactly(Sovereignty.SELF_HOSTED, Sovereignty.LOCAL);
        List<String> admitted = config.providers().values().stream()
                .filter(regulated::admits)
                .map(Provider::id)
                .toList();
        assertThat(admitted).containsExactly("vllm-internal", "ollama-local");
    }

    @Test
    void keepsGlobexTrafficOnEuResidentProvidersThatDoNotTrain() {
        Tenant globex = config.tenants().get("globex-eu");
        assertThat(globex.defaultTags()).containsExactly(PolicyTag.EU_DATA_RESIDENCY, PolicyTag.NO_TRAINING_ON_DATA);
        List<String> admitted = config.providers().values().stream()
                .filter(p -> globex.defaultTags().stream().allMatch(tag -> tag.admits(p)))
                .map(Provider::id)
                .toList();
        assertThat(admitted).containsExactly("mistral", "vllm-internal", "ollama-local");
        assertThat(globex.providerKeys()).containsEntry("mistral", SecretRef.env("GLOBEX_MISTRAL_API_KEY"));
    }

    @Test
    void givesTightwadATinyDailyBudgetAndUmbrellaAnApprovalStepForEmail() {
        Tenant tightwad = config.tenants().get("tightwad");
        assertThat(tightwad.budget()).isEqualTo(new Budget(BudgetPeriod.DAILY, 50_000L));
        assertThat(tightwad.qualityTier()).isEqualTo(QualityTier.ECONOMY);
        Tenant umbrella = config.tenants().get("umbrella");
        assertThat(umbrella.toolsRequiringApproval()).isEqualTo(Set.of("send_email"));
        assertThat(umbrella.apiKeys())
                .containsExactly(
                        new ApiKeyRef("umbrella-main", SecretRef.env("RP_KEY_UMBRELLA")),
                        new ApiKeyRef(
                                "umbrella-approver",
                                SecretRef.env("RP_KEY_UMBRELLA_APPROVER"),
                                Set.of(ApiKeyRole.APPROVER)));
        assertThat(config.tenants().get("acme").ruleFor(DataClass.REGULATED)).isEqualTo(Optional.empty());
    }

    @Test
    void usesTheDocumentedRouterDefaults() {
        assertThat(config.router()).isEqualTo(RouterSettings.defaults());
        assertThat(config.router().maxPromptBytes()).isEqualTo(1_048_576L);
        assertThat(config.router().maxRequestBytes()).isEqualTo(921_600L);
    }

    @Test
    void exposesUnmodifiableCollections() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.lanes().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> config.models().get("gpt-4o").prices().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
