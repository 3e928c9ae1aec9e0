package dev.routeplane.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.WeightedTarget;
import dev.routeplane.router.AliasHistory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class LiveGateTest {
    /** The live configuration of the gate tests: gpt-4-turbo, gpt-35-turbo (openai), mistral-7b (mistral). */
    /** A live cluster's routeplane.yaml (copied out of the classpath, so it also works from the test jar). */
    public static final Path LIVE_YAML = resource("/gate/live-routeplane.yaml");

    private static final RouteplaneConfig LIVE = RouteplaneConfig.load(LIVE_YAML);
    /** Recorded names and replay model ids of four RouterBench models, to the recorded name. */
    private static final Map<String, String> RECORDED = Map.of(
            "gpt-4-1106-preview",
            "gpt-4-1106-preview",
            "gpt-3.5-turbo-1106",
            "gpt-3.5-turbo-1106",
            "gpt-3-5-turbo-1106",
            "gpt-3.5-turbo-1106",
            "mistralai/mistral-7b-chat",
            "mistralai/mistral-7b-chat",
            "mistralai-mistral-7b-chat",
            "mistralai/mistral-7b-chat",
            "claude-v2",
            "claude-v2");

    private static final AliasBinding PROD_ON_GPT4 = AliasHistory.rebind(
            null,
            "prod",
            "openai",
            "gpt-4-1106-preview",
            "1106-preview",
            "launch",
            "ops",
            Instant.parse("2025-01-01T00:00:00Z"));

    @Test
    void takesTheCurrentModelFromTheLiveBindingAndBindsTheLiveModelServingTheCandidate() {
        LiveGate plan = LiveGate.resolve(PROD_ON_GPT4, LIVE, "live.yaml", RECORDED, null, "gpt-3.5-turbo-1106", false);

        assertThat(plan.currentRecorded()).isEqualTo("gpt-4-1106-preview");
        assertThat(plan.candidateRecorded()).isEqualTo("gpt-3.5-turbo-1106");
        assertThat(plan.candidate().id()).isEqualTo("gpt-35-turbo");
        assertThat(plan.candidate().provider()).isEqualTo("openai");
        assertThat(plan.candidate().version()).isEqualTo("1106");
    }

    @Test
    void theCandidateMayBeNamedByItsReplayIdOrItsLiveId() {
        assertThat(LiveGate.resolve(PROD_ON_GPT4, LIVE, "live.yaml", RECORDED, null, "mistralai-mistral-7b-chat", false)
                        .candidate()
                        .id())
                .isEqualTo("mistral-7b");
        LiveGate byLiveId = LiveGate.resolve(PROD_ON_GPT4, LIVE, "live.yaml", RECORDED, null, "mistral-7b", false);
        assertThat(byLiveId.candidate().id()).isEqualTo("mistral-7b");
        assertThat(byLiveId.candidateRecorded()).isEqualTo("mistralai/mistral-7b-chat");
    }

    @Test
    void aCurrentThatAgreesWithTheLiveBindingIsAcceptedByAnyOfItsNames() {
        for (String current : new String[] {"gpt-4-1106-preview", "gpt-4-turbo"}) {
            assertThat(LiveGate.resolve(PROD_ON_GPT4, LIVE, "live.yaml", RECORDED, current, "gpt-35-turbo", false)
                            .currentRecorded())
                    .isEqualTo("gpt-4-1106-preview");
        }
    }

    @Test
    void aCurrentThatDisagreesWithTheLiveBindingIsRefusedNamingBoth() {
        assertThatThrownBy(() -> LiveGate.resolve(
                        PROD_ON_GPT4, LIVE, "live.yaml", RECORDED, "gpt-3.5-turbo-1106", "mistral-7b", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--current gpt-3.5-turbo-1106 disagrees with alias 'prod' on the live cluster, bound to "
                        + "openai/gpt-4-1106-preview (recorded as gpt-4-1106-preview); omit --current to gate against the live "
                        + "binding, or pass --current gpt-4-1106-preview");
    }

    @Test
    void aRecordedCandidateTheLiveConfigurationLacksIsRefusedListingItsModels() {
        assertThatThrownBy(() -> LiveGate.resolve(PROD_ON_GPT4, LIVE, "live.yaml", RECORDED, null, "claude-v2", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "candidate claude-v2 is not a model of live.yaml: none of its models has providerModel or id "
                                + "claude-v2; its models: gpt-35-turbo (openai/gpt-3.5-turbo-1106), gpt-4-turbo "
                                + "(openai/gpt-4-1106-preview), mistral-7b (mistral/mistralai/mistral-7b-chat). Add the model to the live "
                                + "configuration (and its routers) first");
    }

    @Test
    void aCandidateTheEvalSetDidNotRecordIsRefused() {
        assertThatThrownBy(() -> LiveGate.resolve(PROD_ON_GPT4, LIVE, "live.yaml", RECORDED, null, "gpt-9", false))
                .hasMessageStartingWith("--candidate gpt-9 is neither a recorded model of the eval set nor a model of "
                        + "live.yaml that it recorded; recorded: claude-v2, gpt-3.5-turbo-1106, gpt-4-1106-preview, "
                        + "mistralai/mistral-7b-chat");
    }

    @Test
    void aLiveBindingTheEvalSetDidNotRecordIsRefused() {
        AliasBinding onGpt4o =
                AliasHistory.rebind(null, "prod", "openai", "gpt-4o-2024-08-06", null, null, null, Instant.EPOCH);

        assertThatThrownBy(() -> LiveGate.resolve(onGpt4o, LIVE, "live.yaml", RECORDED, null, "gpt-35-turbo", false))
                .hasMessageStartingWith(
                        "alias 'prod' is bound on the live cluster to openai/gpt-4o-2024-08-06, of which "
                                + "the eval set has no recorded answers");
    }

    @Test
    void gatingTheModelTheAliasIsBoundToIsRefused() {
        assertThatThrownBy(
                        () -> LiveGate.resolve(PROD_ON_GPT4, LIVE, "live.yaml", RECORDED, null, "gpt-4-turbo", false))
                .hasMessage(
                        "alias 'prod' is already bound to openai/gpt-4-1106-preview (recorded as gpt-4-1106-preview); "
                                + "nothing to gate");
    }

    @Test
    void aLiveBindingWithACanarySplitIsRefusedWithoutReplaceSplit() {
        AliasBinding canary = withCanarySplit(PROD_ON_GPT4);

        assertThatThrownBy(() -> LiveGate.resolve(canary, LIVE, "live.yaml", RECORDED, null, "gpt-35-turbo", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "alias 'prod' is bound on the live cluster to gpt-4-turbo (openai/gpt-4-1106-preview, version "
                                + "1106-preview) with canary split 90 to gpt-4-turbo (openai/gpt-4-1106-preview, version 1106-preview), "
                                + "10 to gpt-35-turbo (openai/gpt-3.5-turbo-1106, version 1106): the gate evaluates it as "
                                + "gpt-4-1106-preview alone, and a promotion would replace the split with gpt-35-turbo alone, which "
                                + "'alias rollback' cannot restore; pass --replace-split to gate it so, or end the canary first with "
                                + "'alias set prod MODEL'");
    }

    @Test
    void aLiveBindingWithACanarySplitIsGatedAsItsModelWithReplaceSplit() {
        LiveGate plan = LiveGate.resolve(
                withCanarySplit(PROD_ON_GPT4), LIVE, "live.yaml", RECORDED, null, "gpt-35-turbo", true);

        assertThat(plan.currentRecorded()).isEqualTo("gpt-4-1106-preview");
        assertThat(plan.candidateRecorded()).isEqualTo("gpt-3.5-turbo-1106");
        assertThat(plan.candidate().id()).isEqualTo("gpt-35-turbo");
    }

    /** {@code binding} sending 90 parts of its traffic to gpt-4-turbo and 10 to gpt-35-turbo. */
    public static AliasBinding withCanarySplit(AliasBinding binding) {
        return AliasBinding.newBuilder(binding)
                .setWeights(List.of(
                        WeightedTarget.newBuilder()
                                .setProvider("openai")
                                .setModel("gpt-4-1106-preview")
                                .setVersion("1106-preview")
                                .setWeight(90)
                                .build(),
                        WeightedTarget.newBuilder()
                                .setProvider("openai")
                                .setModel("gpt-3.5-turbo-1106")
                                .setVersion("1106")
                                .setWeight(10)
                                .build()))
                .build();
    }

    static Path resource(String name) {
        try (java.io.InputStream in = LiveGateTest.class.getResourceAsStream(name)) {
            Path copy = java.nio.file.Files.createTempFile("live-routeplane", ".yaml");
            copy.toFile().deleteOnExit();
            java.nio.file.Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
