package dev.routeplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.routeplane.api.TenantAuthenticator.Caller;
import dev.routeplane.config.ApiKeyRole;
import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.SecretRef;
import dev.routeplane.config.SecretResolver;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TenantAuthenticatorTest {
    private static final RouteplaneConfig CONFIG = RouteplaneConfig.defaults();

    private static SecretResolver env(Map<String, String> vars) {
        return new EnvAndFileSecretResolver(vars::get);
    }

    @Test
    void mapsABearerKeyToItsTenantAndKeyId() {
        TenantAuthenticator auth = TenantAuthenticator.fromConfig(
                CONFIG, env(Map.of("RP_KEY_ACME", "sk-acme-secret", "RP_KEY_UMBRELLA", "sk-umbrella-secret")), false);

        assertThat(auth.authenticate("Bearer sk-acme-secret")).contains(new Caller("acme", "acme-main"));
        assertThat(auth.authenticate("bearer   sk-umbrella-secret  "))
                .contains(new Caller("umbrella", "umbrella-main"));
        assertThat(auth.keyCount()).isEqualTo(2);
    }

    @Test
    void anApproverKeyAuthenticatesWithItsRole() {
        TenantAuthenticator auth = TenantAuthenticator.fromConfig(
                CONFIG,
                env(Map.of("RP_KEY_UMBRELLA", "sk-umbrella-agent", "RP_KEY_UMBRELLA_APPROVER", "sk-umbrella-person")),
                false);

        assertThat(auth.authenticate("Bearer sk-umbrella-person")).get().satisfies(caller -> {
            assertThat(caller.keyId()).isEqualTo("umbrella-approver");
            assertThat(caller.has(ApiKeyRole.APPROVER)).isTrue();
        });
        assertThat(auth.authenticate("Bearer sk-umbrella-agent").orElseThrow().has(ApiKeyRole.APPROVER))
                .isFalse();
    }

    @Test
    void refusesMissingMalformedAndUnknownKeys() {
        TenantAuthenticator auth =
                TenantAuthenticator.fromConfig(CONFIG, env(Map.of("RP_KEY_ACME", "sk-acme-secret")), false);

        assertThat(auth.authenticate((String) null)).isEmpty();
        assertThat(auth.authenticate("")).isEmpty();
        assertThat(auth.authenticate("Bearer ")).isEmpty();
        assertThat(auth.authenticate("Basic c2stYWNtZS1zZWNyZXQ=")).isEmpty();
        assertThat(auth.authenticate("sk-acme-secret")).isEmpty();
        assertThat(auth.authenticate("Bearer sk-acme-secreT")).isEmpty();
        assertThat(auth.authenticate("Bearer sk-acme-secret-longer")).isEmpty();
        assertThat(auth.authenticate("Bearer sk-acme")).isEmpty();
    }

    @Test
    void productionModeNeverIssuesDemoKeys() {
        TenantAuthenticator auth = TenantAuthenticator.fromConfig(CONFIG, env(Map.of()), false);

        assertThat(auth.demoMode()).isFalse();
        assertThat(auth.keyCount()).isZero();
        assertThat(auth.demoKeysInUse()).isEmpty();
        assertThat(auth.authenticate("Bearer " + TenantAuthenticator.demoKey("acme")))
                .isEmpty();
    }

    @Test
    void demoModeGivesTenantsWithoutAKeyTheDeterministicDemoKey() {
        TenantAuthenticator auth =
                TenantAuthenticator.fromConfig(CONFIG, env(Map.of("RP_KEY_ACME", "sk-acme-secret")), true);

        // acme's configured key is set, so it keeps it and gets no demo key.
        assertThat(auth.demoKeysInUse())
                .doesNotContainKey("acme")
                .containsEntry("globex-eu", "rp-demo-globex-eu")
                .containsEntry("initech", "rp-demo-initech") // a file:/run/secrets/... key that does not exist
                .containsEntry("tightwad", "rp-demo-tightwad")
                .containsEntry("umbrella", "rp-demo-umbrella")
                .hasSize(CONFIG.tenants().size() - 1);
        assertThat(auth.authenticate("Bearer rp-demo-acme")).isEmpty();
        assertThat(auth.authenticate("Bearer sk-acme-secret")).contains(new Caller("acme", "acme-main"));
        assertThat(auth.authenticate("Bearer rp-demo-initech")).contains(new Caller("initech", "initech-main"));
    }

    @Test
    void refusesTwoTenantsSharingOneKeyValueWithoutNamingIt() {
        Map<String, String> vars = new HashMap<>();
        vars.put("RP_KEY_ACME", "same-value");
        vars.put("RP_KEY_TIGHTWAD", "same-value");

        assertThatThrownBy(() -> TenantAuthenticator.fromConfig(CONFIG, env(vars), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acme-main")
                .hasMessageContaining("tightwad-main")
                .hasMessageNotContaining("same-value");
    }

    @Test
    void comparesThePresentedKeyWithEveryKnownKey() {
        // Constant time in the sense that matters here: the loop never stops early, whichever key matches.
        AtomicInteger resolved = new AtomicInteger();
        SecretResolver counting = ref -> {
            resolved.incrementAndGet();
            return "key-" + ref.location();
        };
        TenantAuthenticator auth = TenantAuthenticator.fromConfig(CONFIG, counting, false);

        assertThat(resolved.get())
                .isEqualTo(CONFIG.tenants().values().stream()
                        .mapToInt(t -> t.apiKeys().size())
                        .sum());
        assertThat(auth.authenticate("Bearer key-RP_KEY_ACME")).contains(new Caller("acme", "acme-main"));
        assertThat(auth.authenticate("Bearer key-"
                        + SecretRef.file("/run/secrets/rp-key-initech").location()))
                .contains(new Caller("initech", "initech-main"));
    }
}
