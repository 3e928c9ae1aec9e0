package dev.routeplane.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.routeplane.config.Model;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AliasBinding;
import dev.routeplane.router.AliasHistory;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The re-read-before-write check of a live promotion and what it says, without a cluster. */
class AliasPromotionTest {
    private static final RouteplaneConfig LIVE = RouteplaneConfig.load(LiveGateTest.LIVE_YAML);
    private static final Model GPT35 = LIVE.models().get("gpt-35-turbo");
    private static final AliasTopic OFFLINE =
            new AliasTopic(Map.of("bootstrap.servers", "localhost:1"), "localhost:1", "http://localhost:1");
    private static final Instant LAUNCH = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant DURING = Instant.parse("2025-01-01T00:10:00Z");
    private static final Instant PROMOTED = Instant.parse("2025-01-01T00:20:00Z");
    private static final AliasBinding PROD_ON_GPT4 =
            AliasHistory.rebind(null, "prod", "openai", "gpt-4-1106-preview", "1106-preview", "launch", "ops", LAUNCH);
    private static final String WAS_GPT4 = "it was gpt-4-turbo (openai/gpt-4-1106-preview, version 1106-preview), "
            + "bound 2025-01-01T00:00:00Z by ops; now ";
    private static final String CHANGED =
            "alias 'prod' changed on rp.aliases.v1 of the live cluster at kafka-1:9092 " + "while the gate ran: ";
    private static final String NOTHING_WRITTEN = "; nothing written, rerun the gate against the new binding";

    private static AliasPromotion promotion(AliasBinding bound) {
        return AliasPromotion.onLiveCluster(OFFLINE, "kafka-1:9092", LIVE, bound, GPT35);
    }

    @Test
    void theBindingReadAtTheStartIsReplacedByTheCandidateHeadingItsHistory() {
        // given the binding re-read unchanged (an equal copy, as decoded again from the topic)
        AliasBinding reread = AliasBinding.newBuilder(PROD_ON_GPT4).build();

        AliasBinding next = promotion(PROD_ON_GPT4).next(reread, "eval gate: ok", PROMOTED);

        assertThat(next.getAlias()).isEqualTo("prod");
        assertThat(next.getProvider() + "/" + next.getModel() + "@" + next.getVersion())
                .isEqualTo("openai/gpt-3.5-turbo-1106@1106");
        assertThat(next.getWeights()).isNull();
        assertThat(next.getPrevious()).containsExactly(AliasHistory.entryOf(PROD_ON_GPT4));
        assertThat(next.getChangedBy()).isEqualTo(AliasPromotion.CHANGED_BY);
        assertThat(next.getReason()).isEqualTo("eval gate: ok");
        assertThat(next.getBoundAt()).isEqualTo(PROMOTED);
    }

    @Test
    void aVersionChangedDuringTheEvaluationIsRefusedNamingBoth() {
        // given only the version changed, same provider, model and event metadata
        AliasBinding repinned =
                AliasBinding.newBuilder(PROD_ON_GPT4).setVersion("0125-preview").build();

        assertThatThrownBy(() -> promotion(PROD_ON_GPT4).next(repinned, "eval gate", PROMOTED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(CHANGED + WAS_GPT4 + "gpt-4-turbo (openai/gpt-4-1106-preview, version 0125-preview), bound "
                        + "2025-01-01T00:00:00Z by ops" + NOTHING_WRITTEN);
    }

    @Test
    void aCanarySplitAddedDuringTheEvaluationIsRefusedNamingBothSoItIsNotErased() {
        AliasBinding canary = AliasBinding.newBuilder(LiveGateTest.withCanarySplit(PROD_ON_GPT4))
                .setBoundAt(DURING)
                .setChangedBy("alice")
                .build();

        assertThatThrownBy(() -> promotion(PROD_ON_GPT4).next(canary, "eval gate", PROMOTED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(CHANGED + WAS_GPT4
                        + "gpt-4-turbo (openai/gpt-4-1106-preview, version 1106-preview) with canary "
                        + "split 90 to gpt-4-turbo (openai/gpt-4-1106-preview, version 1106-preview), 10 to gpt-35-turbo "
                        + "(openai/gpt-3.5-turbo-1106, version 1106), bound 2025-01-01T00:10:00Z by alice"
                        + NOTHING_WRITTEN);
    }

    @Test
    void aNewEventBindingTheSameModelDuringTheEvaluationIsRefused() {
        // given an operator re-bound prod to gpt-4-turbo again (same provider, model and version, a new event)
        AliasBinding again = AliasHistory.rebind(
                PROD_ON_GPT4, "prod", "openai", "gpt-4-1106-preview", "1106-preview", "re-pin", "alice", DURING);

        assertThatThrownBy(() -> promotion(PROD_ON_GPT4).next(again, "eval gate", PROMOTED))
                .hasMessage(CHANGED + WAS_GPT4 + "gpt-4-turbo (openai/gpt-4-1106-preview, version 1106-preview), bound "
                        + "2025-01-01T00:10:00Z by alice" + NOTHING_WRITTEN);
    }

    @Test
    void aConfiguredBindingFirstBoundOnTheTopicDuringTheEvaluationIsRefused() {
        AliasBinding configured = AliasHistory.fromConfig("staging", "openai", "gpt-4-1106-preview", "1106-preview");
        AliasBinding set = AliasHistory.rebind(
                configured, "staging", "openai", "gpt-4-1106-preview", "1106-preview", null, "alice", DURING);
        AliasPromotion promotion = promotion(configured);

        assertThat(promotion
                        .next(
                                AliasHistory.fromConfig("staging", "openai", "gpt-4-1106-preview", "1106-preview"),
                                "eval gate",
                                PROMOTED)
                        .getModel())
                .isEqualTo("gpt-3.5-turbo-1106");
        assertThatThrownBy(() -> promotion.next(set, "eval gate", PROMOTED))
                .hasMessage(
                        "alias 'staging' changed on rp.aliases.v1 of the live cluster at kafka-1:9092 while the gate "
                                + "ran: it was gpt-4-turbo (openai/gpt-4-1106-preview, version 1106-preview), as configured (no event on "
                                + "rp.aliases.v1); now gpt-4-turbo (openai/gpt-4-1106-preview, version 1106-preview), bound "
                                + "2025-01-01T00:10:00Z by alice" + NOTHING_WRITTEN);
    }

    @Test
    void anAliasUnboundDuringTheEvaluationIsRefused() {
        assertThatThrownBy(() -> promotion(PROD_ON_GPT4).next(null, "eval gate", PROMOTED))
                .hasMessage(CHANGED + WAS_GPT4 + "unbound" + NOTHING_WRITTEN);
    }

    @Test
    void aPromotionOverACanarySplitSaysTheSplitIsReplacedAndWhatRollbackRestores() {
        // given prod on a 90/10 canary split when the gate began (gated with --replace-split), unchanged since
        AliasBinding canary = LiveGateTest.withCanarySplit(PROD_ON_GPT4);
        AliasPromotion promotion = promotion(canary);

        AliasBinding written = promotion.next(AliasBinding.newBuilder(canary).build(), "eval gate", PROMOTED);

        assertThat(written.getWeights()).isNull();
        assertThat(written.getPrevious()).containsExactly(AliasHistory.entryOf(canary));
        assertThat(promotion.refusedLine())
                .isEqualTo("gate: nothing written to rp.aliases.v1 of the live cluster at "
                        + "kafka-1:9092; prod stays bound to gpt-4-turbo (openai/gpt-4-1106-preview, version 1106-preview) with "
                        + "canary split 90 to gpt-4-turbo (openai/gpt-4-1106-preview, version 1106-preview), 10 to gpt-35-turbo "
                        + "(openai/gpt-3.5-turbo-1106, version 1106)");
        assertThat(promotion.promotedLine(written))
                .isEqualTo("gate: wrote prod -> gpt-35-turbo "
                        + "(openai/gpt-3.5-turbo-1106, version 1106) to rp.aliases.v1 of the live cluster at kafka-1:9092 (1 earlier "
                        + "binding); its routers follow without a restart, its canary split (90 to gpt-4-turbo "
                        + "(openai/gpt-4-1106-preview, version 1106-preview), 10 to gpt-35-turbo (openai/gpt-3.5-turbo-1106, version "
                        + "1106)) is replaced; 'alias rollback prod' restores gpt-4-turbo (openai/gpt-4-1106-preview, version "
                        + "1106-preview) without the split");
    }
}
