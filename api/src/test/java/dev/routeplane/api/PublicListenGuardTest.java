package dev.routeplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.routeplane.api.PublicListenGuard.UnsafeListenException;
import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.SecretRef;
import dev.routeplane.config.SecretResolver;
import org.junit.jupiter.api.Test;

class PublicListenGuardTest {
    private static final RouteplaneConfig CONFIG = RouteplaneConfig.defaults();
    private static final String STRONG = "0123456789abcdef0123";

    /** Every tenant's key set to a strong value of its own, but for {@code except}, which is not set. */
    private static SecretResolver everyKeyBut(String except) {
        return ref -> {
            if (ref.location().equals(except)) {
                return new EnvAndFileSecretResolver(name -> null).resolve(ref);
            }
            return STRONG + ref.location();
        };
    }

    @Test
    void refusesEveryInterfaceWithDemoKeysNamingEachTenantLeftOnOne() {
        TenantAuthenticator demo = TenantAuthenticator.fromConfig(CONFIG, everyKeyBut("RP_KEY_TIGHTWAD"), true);

        assertThatThrownBy(() -> PublicListenGuard.check("the API", "0.0.0.0", demo))
                .isInstanceOf(UnsafeListenException.class)
                .hasMessageContaining("the API refuses to listen on 0.0.0.0")
                .hasMessageContaining("demo keys are on (--demo-keys)")
                .hasMessageContaining("tenant tightwad: key tightwad-main is not available: environment variable"
                        + " RP_KEY_TIGHTWAD is not set")
                .hasMessageContaining("the public demo key rp-demo-tightwad stands in")
                .hasMessageNotContaining("tenant acme");
    }

    @Test
    void refusesEveryInterfaceWhileATenantsKeyFileIsMissing() {
        TenantAuthenticator production =
                TenantAuthenticator.fromConfig(CONFIG, everyKeyBut("/run/secrets/rp-key-initech"), false);

        assertThatThrownBy(() -> PublicListenGuard.check("ledger serve", "10.1.2.3", production))
                .isInstanceOf(UnsafeListenException.class)
                .hasMessageContaining("ledger serve refuses to listen on 10.1.2.3")
                .hasMessageContaining("tenant initech: key initech-main is not available: secret file"
                        + " /run/secrets/rp-key-initech does not exist")
                .hasMessageNotContaining("demo keys are on");
    }

    @Test
    void refusesShortKeysAndDemoKeysSetAsRealOnes() {
        SecretResolver weak = ref -> switch (ref.location()) {
            case "RP_KEY_ACME" -> "xq7zv";
            case "RP_KEY_UMBRELLA" -> "rp-demo-umbrella";
            default -> STRONG + ref.location();
        };
        TenantAuthenticator production = TenantAuthenticator.fromConfig(CONFIG, weak, false);

        assertThatThrownBy(() -> PublicListenGuard.check("the API", "0.0.0.0", production))
                .hasMessageContaining("tenant acme: key acme-main is 5 characters long, shorter than 16; put a random"
                        + " key (e.g. openssl rand -hex 24) in environment variable RP_KEY_ACME")
                .hasMessageContaining("tenant umbrella: key umbrella-main holds a public demo key (rp-demo-...)")
                .hasMessageNotContaining("xq7zv")
                .hasMessageNotContaining("tenant globex-eu");
    }

    @Test
    void loopbackIsAlwaysAllowed() {
        TenantAuthenticator demo =
                TenantAuthenticator.fromConfig(CONFIG, new EnvAndFileSecretResolver(name -> null), true);

        for (String host : new String[] {"127.0.0.1", "127.0.1.1", "localhost", "::1"}) {
            assertThatCode(() -> PublicListenGuard.check("the API", host, demo))
                    .as(host)
                    .doesNotThrowAnyException();
        }
        assertThat(PublicListenGuard.defaultHost(demo)).isEqualTo("127.0.0.1");
    }

    @Test
    void everyInterfaceIsAllowedWhenEveryTenantHasAStrongKey() {
        SecretResolver all = (SecretRef ref) -> STRONG + ref.location();
        TenantAuthenticator production = TenantAuthenticator.fromConfig(CONFIG, all, false);

        assertThat(production.weakKeys()).isEmpty();
        assertThatCode(() -> PublicListenGuard.check("the API", "0.0.0.0", production))
                .doesNotThrowAnyException();
        assertThat(PublicListenGuard.defaultHost(production)).isEqualTo("0.0.0.0");
    }
}
