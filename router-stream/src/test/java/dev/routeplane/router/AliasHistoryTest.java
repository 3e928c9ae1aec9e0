package dev.routeplane.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.AliasHistoryEntry;
import dev.routeplane.router.testing.TestConfigs;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AliasHistoryTest {
    private static final Instant T1 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2025-02-01T00:00:00Z");
    private static final Instant T3 = Instant.parse("2025-03-01T00:00:00Z");
    private static final Instant T4 = Instant.parse("2025-04-01T00:00:00Z");

    @Test
    void aFirstBindingHasNoHistory() {
        AliasBinding first = AliasHistory.rebind(null, "fast", "openai", "gpt-4o-mini", "v1", "start", "ops", T1);

        assertThat(first.getPrevious()).isNull();
        assertThat(first.getBoundAt()).isEqualTo(T1);
        assertThat(first.getReason()).isEqualTo("start");
        assertThat(first.getChangedBy()).isEqualTo("ops");
    }

    @Test
    void rebindingPrependsTheOldBindingToItsHistory() {
        AliasBinding a = AliasHistory.rebind(null, "fast", "openai", "gpt-4o-mini", "v1", null, null, T1);
        AliasBinding b = AliasHistory.rebind(a, "fast", "anthropic", "claude-haiku", "v2", null, null, T2);
        AliasBinding c = AliasHistory.rebind(b, "fast", "mistral", "mistral-small", null, "canary", null, T3);

        assertThat(c.getModel()).isEqualTo("mistral-small");
        assertThat(c.getPrevious())
                .extracting(AliasHistoryEntry::getModel)
                .containsExactly("claude-haiku", "gpt-4o-mini");
        assertThat(c.getPrevious()).extracting(AliasHistoryEntry::getBoundAt).containsExactly(T2, T1);
        assertThat(c.getPrevious().get(0).getVersion()).isEqualTo("v2");
    }

    @Test
    void rollbackReturnsToTheMostRecentEarlierBindingAndWalksBackWhenRepeated() {
        AliasBinding a = AliasHistory.rebind(null, "fast", "openai", "gpt-4o-mini", "v1", null, null, T1);
        AliasBinding b = AliasHistory.rebind(a, "fast", "anthropic", "claude-haiku", "v2", null, null, T2);
        AliasBinding c = AliasHistory.rebind(b, "fast", "mistral", "mistral-small", null, null, null, T3);

        AliasBinding back = AliasHistory.rollback(c, null, "ops", T4);
        assertThat(back.getProvider()).isEqualTo("anthropic");
        assertThat(back.getModel()).isEqualTo("claude-haiku");
        assertThat(back.getVersion()).isEqualTo("v2");
        assertThat(back.getReason()).isEqualTo("rollback");
        assertThat(back.getBoundAt()).isEqualTo(T4);
        assertThat(back.getPrevious()).extracting(AliasHistoryEntry::getModel).containsExactly("gpt-4o-mini");

        AliasBinding further = AliasHistory.rollback(back, "bad eval", "ops", T4);
        assertThat(further.getModel()).isEqualTo("gpt-4o-mini");
        assertThat(further.getPrevious()).isNull();
        assertThat(further.getReason()).isEqualTo("bad eval");

        assertThatThrownBy(() -> AliasHistory.rollback(further, null, null, T4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alias 'fast' has no earlier binding");
    }

    @Test
    void historyIsCapped() {
        AliasBinding binding = null;
        for (int i = 0; i < AliasHistory.MAX_HISTORY + 10; i++) {
            binding = AliasHistory.rebind(binding, "fast", "openai", "m" + i, null, null, null, T1.plusSeconds(i));
        }
        assertThat(binding.getPrevious()).hasSize(AliasHistory.MAX_HISTORY);
        assertThat(binding.getPrevious().get(0).getModel()).isEqualTo("m" + (AliasHistory.MAX_HISTORY + 8));
    }

    @Test
    void aBindingNamesAConfiguredModelByItsWireIdOrItsRouteplaneId() {
        RouteplaneConfig config = TestConfigs.bundled();

        assertThat(AliasHistory.modelId("openai", "gpt-4o-2024-08-06", config)).isEqualTo("gpt-4o");
        assertThat(AliasHistory.modelId("openai", "gpt-4o", config)).isEqualTo("gpt-4o");
        assertThat(AliasHistory.modelId("anthropic", "gpt-4o", config)).isEqualTo("gpt-4o");
        assertThat(AliasHistory.configuredModel("anthropic", "gpt-4o", config)).isEmpty();
        assertThat(AliasHistory.describe("openai", "gpt-4o-2024-08-06", "v2", config))
                .isEqualTo("gpt-4o (openai/gpt-4o-2024-08-06, version v2)");
        assertThat(AliasHistory.describe("openai", "gpt-5", null, config))
                .isEqualTo("openai/gpt-5 (not in the config)");
    }
}
