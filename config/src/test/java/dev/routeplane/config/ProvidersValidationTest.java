package dev.routeplane.config;

import static dev.routeplane.config.Fixtures.errorLines;
import static dev.routeplane.config.Fixtures.minimalWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProvidersValidationTest {

    @Test
    void rejectsAProviderIdThatCannotBeATopicName() {
        String yaml = minimalWith("  ollama-local:\n", "  Ollama_Local:\n");

        assertThat(errorLines(yaml))
                .startsWith(
                        "routeplane.yaml: providers.Ollama_Local: provider id 'Ollama_Local' is invalid; use 1 to 64"
                                + " lower-case letters, digits and '-' ([a-z0-9-]+)");
    }

    @Test
    void rejectsANonPositiveRateLimit() {
        assertThat(errorLines(minimalWith("rpm: 60", "rpm: -5")))
                .containsExactly("routeplane.yaml: providers.openai.keyProfiles[0].rpm: must be at least 1, was -5");
    }

    @Test
    void rejectsAKeyProfileWithBothAnEnvironmentVariableAndAFile() {
        String yaml = minimalWith(
                "apiKeyEnv: OPENAI_API_KEY", "apiKeyEnv: OPENAI_API_KEY\n" + "        apiKeyFile: /run/secrets/openai");

        assertThat(errorLines(yaml))
                .containsExactly(
                        "routeplane.yaml: providers.openai.keyProfiles[0]: set either apiKeyEnv or apiKeyFile, not both");
    }

    @Test
    void rejectsAHostedProviderWithoutAKey() {
        assertThat(errorLines(minimalWith("        apiKeyEnv: OPENAI_API_KEY\n", "")))
                .containsExactly(
                        "routeplane.yaml: providers.openai.keyProfiles[0]: no key: set apiKeyEnv or apiKeyFile (only local"
                                + " and self-hosted providers may be keyless)");
    }

    @Test
    void rejectsAKeyPastedInPlaceOfAVariableNameWithoutRepeatingIt() {
        String pasted = "sk-proj-Abc123SecretValue";

        var lines = errorLines(minimalWith("apiKeyEnv: OPENAI_API_KEY", "apiKeyEnv: " + pasted));

        assertThat(lines)
                .containsExactly("routeplane.yaml: providers.openai.keyProfiles[0].apiKeyEnv: is not a"
                        + " valid environment variable name ([A-Za-z_][A-Za-z0-9_]*); it names the variable that holds the"
                        + " key, never the key itself");
        assertThat(String.join("\n", lines)).doesNotContain(pasted);
    }

    @Test
    void rejectsABaseUrlThatIsNotHttp() {
        assertThat(errorLines(minimalWith("https://api.openai.com/v1", "ftp://api.openai.com/v1")))
                .containsExactly(
                        "routeplane.yaml: providers.openai.baseUrl: 'ftp://api.openai.com/v1' is not an http(s) URL with a"
                                + " host; write e.g. https://api.openai.com/v1");
        assertThat(errorLines(minimalWith("https://api.openai.com/v1", "https://api openai.com")))
                .containsExactly(
                        "routeplane.yaml: providers.openai.baseUrl: 'https://api openai.com' is not a valid URL; write e.g."
                                + " https://api.openai.com/v1");
    }

    @Test
    void rejectsCredentialsInABaseUrlWithoutRepeatingThem() {
        var lines = errorLines(minimalWith("https://api.openai.com/v1", "https://user:hunter2@api.openai.com/v1"));

        assertThat(lines)
                .containsExactly("routeplane.yaml: providers.openai.baseUrl: must not contain credentials;"
                        + " reference keys with apiKeyEnv or apiKeyFile");
    }

    @Test
    void requiresTrainsOnDataToBeStatedExplicitly() {
        String yaml = minimalWith(
                "    region: us-east\n    sovereignty: us\n    trainsOnData: false\n",
                "    region: us-east\n    sovereignty: usa\n");

        assertThat(errorLines(yaml))
                .containsExactly(
                        "routeplane.yaml: providers.openai.sovereignty: unknown sovereignty 'usa'; did you mean 'us'? known"
                                + " values: us, eu, cn, self-hosted, local",
                        "routeplane.yaml: providers.openai: missing required key 'trainsOnData'");
    }

    @Test
    void rejectsAnUnknownKindWithTheKnownOnes() {
        assertThat(errorLines(
                        minimalWith("kind: openai-compatible\n    baseUrl: https", "kind: openai\n    baseUrl: https")))
                .containsExactly("routeplane.yaml: providers.openai.kind: unknown provider kind 'openai'; known values:"
                        + " openai-compatible, anthropic");
    }

    @Test
    void rejectsAnUnknownLatencyClassOnAKeyProfile() {
        assertThat(errorLines(minimalWith(
                        "        maxInFlight: 4\n", "        maxInFlight: 4\n        latencyClasses: [BULK]\n")))
                .containsExactly("routeplane.yaml: providers.openai.keyProfiles[0].latencyClasses[0]: unknown latency"
                        + " class 'BULK'; known values: INTERACTIVE, BACKGROUND, BATCH");
    }

    @Test
    void rejectsAnEmptyLatencyClassList() {
        assertThat(errorLines(minimalWith(
                        "        maxInFlight: 4\n", "        maxInFlight: 4\n        latencyClasses: []\n")))
                .containsExactly(
                        "routeplane.yaml: providers.openai.keyProfiles[0].latencyClasses: list at least one of"
                                + " INTERACTIVE, BACKGROUND, BATCH, or leave latencyClasses out for a key that serves every class");
    }

    @Test
    void rejectsAProviderWhoseKeysLeaveAClassWithoutAKey() {
        String yaml =
                minimalWith("        maxInFlight: 4\n", "        maxInFlight: 4\n        latencyClasses: [BATCH]\n");

        assertThat(errorLines(yaml))
                .containsExactly(
                        "routeplane.yaml: providers.openai.keyProfiles: no key profile serves INTERACTIVE requests; add"
                                + " it to a profile's latencyClasses, or leave latencyClasses out of a profile to serve"
                                + " every class",
                        "routeplane.yaml: providers.openai.keyProfiles: no key profile serves BACKGROUND requests; add"
                                + " it to a profile's latencyClasses, or leave latencyClasses out of a profile to serve"
                                + " every class");
    }

    @Test
    void aKeyProfileCanBeDedicatedToBatchWork() {
        String yaml = minimalWith(
                "        maxInFlight: 4\n",
                "        maxInFlight: 4\n      - id: bulk\n        apiKeyEnv: OPENAI_API_KEY_BULK\n        rpm: 30\n"
                        + "        tpm: 50000\n        maxInFlight: 2\n        latencyClasses: [BATCH]\n");

        RouteplaneConfig config = RouteplaneConfig.parse(yaml, Fixtures.SOURCE);

        KeyProfile bulk = config.providers().get("openai").keyProfiles().get(1);
        assertThat(bulk.serves(LatencyClass.BATCH)).isTrue();
        assertThat(bulk.serves(LatencyClass.INTERACTIVE)).isFalse();
        assertThat(bulk.dedicated()).isTrue();
        assertThat(config.providers().get("openai").keyProfiles().get(0).dedicated())
                .isFalse();
    }

    @Test
    void aKeyProfileListsItsLatencyClassesInTheVocabularyOrderInEveryJvm() {
        KeyProfile every = new KeyProfile("main", Optional.empty(), 1, 1, 1);
        KeyProfile two =
                new KeyProfile("bulk", Optional.empty(), 1, 1, 1, Set.of(LatencyClass.BATCH, LatencyClass.INTERACTIVE));

        assertThat(every.latencyClasses())
                .containsExactly(LatencyClass.INTERACTIVE, LatencyClass.BACKGROUND, LatencyClass.BATCH);
        assertThat(two.latencyClasses()).containsExactly(LatencyClass.INTERACTIVE, LatencyClass.BATCH);
        assertThat(two.toString()).contains("latencyClasses=[INTERACTIVE, BATCH]");
    }
}
