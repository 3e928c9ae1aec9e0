package dev.routeplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    private static final String KEY = "sk-test-0123456789abcdefSECRET";

    @Test
    void printsOnlyWhereASecretIs() {
        assertThat(SecretRef.env("OPENAI_API_KEY")).hasToString("env:OPENAI_API_KEY");
        assertThat(SecretRef.file("/run/secrets/vllm")).hasToString("file:/run/secrets/vllm");
    }

    @Test
    void resolvesAnEnvironmentVariable() {
        SecretResolver resolver = new EnvAndFileSecretResolver(Map.of("OPENAI_API_KEY", KEY)::get);

        assertThat(resolver.resolve(SecretRef.env("OPENAI_API_KEY"))).isEqualTo(KEY);
    }

    @Test
    void namesTheMissingEnvironmentVariable() {
        SecretResolver resolver = new EnvAndFileSecretResolver(Map.<String, String>of()::get);

        SecretResolutionException e = catchThrowableOfType(
                SecretResolutionException.class, () -> resolver.resolve(SecretRef.env("ANTHROPIC_API_KEY")));

        assertThat(e.getMessage())
                .isEqualTo("environment variable ANTHROPIC_API_KEY is not set; export it in the"
                        + " environment of the Routeplane process");
        assertThat(e.ref()).isEqualTo(SecretRef.env("ANTHROPIC_API_KEY"));
    }

    @Test
    void readsAFileWithoutItsTrailingNewline(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, KEY + "\n");

        assertThat(EnvAndFileSecretResolver.system().resolve(SecretRef.file(file.toString())))
                .isEqualTo(KEY);
    }

    @Test
    void namesAnEmptyFileWithoutShowingContent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, "  \n");

        assertThatThrownBy(() -> EnvAndFileSecretResolver.system().resolve(SecretRef.file(file.toString())))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessage("secret file " + file + " is empty; write the key into it");
    }

    @Test
    void namesAMissingFile(@TempDir Path dir) {
        Path file = dir.resolve("absent");

        assertThatThrownBy(() -> EnvAndFileSecretResolver.system().resolve(SecretRef.file(file.toString())))
                .hasMessage("secret file " + file + " does not exist; create it or fix the path");
    }

    @Test
    void refusesAnEnvReferenceThatLooksLikeAKeyWithoutEchoingIt() {
        assertThatThrownBy(() -> SecretRef.env(KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a valid environment variable name");
    }

    @Test
    void neverShowsAResolvedKeyInProviderOrTenantStrings() {
        RouteplaneConfig config = RouteplaneConfig.defaults();
        SecretResolver resolver = new EnvAndFileSecretResolver(Map.of("OPENAI_API_KEY", KEY, "RP_KEY_ACME", KEY)::get);
        Provider openai = config.providers().get("openai");
        Tenant acme = config.tenants().get("acme");
        assertThat(resolver.resolve(openai.keyProfiles().get(0).apiKey().orElseThrow()))
                .isEqualTo(KEY);
        assertThat(resolver.resolve(acme.apiKeys().get(0).secret())).isEqualTo(KEY);

        assertThat(openai.toString()).doesNotContain(KEY).contains("env:OPENAI_API_KEY");
        assertThat(acme.toString()).doesNotContain(KEY).contains("env:RP_KEY_ACME");
        assertThat(config.toString()).doesNotContain(KEY);
    }
}
