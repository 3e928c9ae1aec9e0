package dev.routeplane.config;

import static dev.routeplane.config.Fixtures.errorLines;
import static dev.routeplane.config.Fixtures.minimal;
import static dev.routeplane.config.Fixtures.minimalWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentValidationTest {

    @Test
    void loadsTheMinimalFixture() {
        RouteplaneConfig config = RouteplaneConfig.parse(minimal(), Fixtures.SOURCE);

        assertThat(config.lanes()).hasSize(2);
        assertThat(config.router()).isEqualTo(RouterSettings.defaults());
    }

    @Test
    void rejectsAMisspeltTopLevelKeyNamingItAndTheLikelyIntent() {
        String yaml = minimalWith("aliases:", "alaises:");

        assertThat(errorLines(yaml))
                .containsExactly(
                        "routeplane.yaml: lanes[0].candidates[0]: unknown model or alias 'stable'; known models and aliases:"
                                + " gpt-4o, tiny-local",
                        "routeplane.yaml: alaises: unknown key 'alaises'; did you mean 'aliases'? allowed keys here: router,"
                                + " providers, models, aliases, lanes, tenants");
    }

    @Test
    void rejectsExplorationShareAboveOneHalfInsteadOfClampingIt() {
        String yaml = "router:\n  explorationShare: 0.7\n" + minimal();

        assertThat(errorLines(yaml))
                .containsExactly("routeplane.yaml: router.explorationShare: must be between 0 and 0.5, was 0.7");
    }

    @Test
    void rejectsADefaultBatchDeadlineThatIsNotAPositiveWholeNumberNamingIt() {
        assertThat(errorLines("router:\n  defaultBatchDeadlineMs: 0\n" + minimal()))
                .containsExactly("routeplane.yaml: router.defaultBatchDeadlineMs: must be at least 1, was 0");
        assertThat(errorLines("router:\n  defaultBatchDeadlineMs: 24h\n" + minimal()))
                .containsExactly("routeplane.yaml: router.defaultBatchDeadlineMs: expected a whole number, found"
                        + " text '24h'");
    }

    @Test
    void readsRouterOverridesAndRejectsUnknownRouterKeys() {
        RouteplaneConfig config = RouteplaneConfig.parse(
                "router:\n  maxToolCalls: 3\n  explorationShare: 0\n" + minimal(), Fixtures.SOURCE);
        assertThat(config.router().maxToolCalls()).isEqualTo(3);
        assertThat(config.router().explorationShare()).isZero();
        assertThat(config.router().defaultBatchDeadlineMs()).isEqualTo(RouterSettings.DEFAULT_BATCH_DEADLINE_MS);
        assertThat(RouteplaneConfig.parse("router:\n  defaultBatchDeadlineMs: 3600000\n" + minimal(), Fixtures.SOURCE)
                        .router()
                        .defaultBatchDeadlineMs())
                .isEqualTo(3_600_000L);

        assertThat(errorLines("router:\n  maxToolCall: 3\n" + minimal()))
                .containsExactly(
                        "routeplane.yaml: router.maxToolCall: unknown key 'maxToolCall'; did you mean 'maxToolCalls'?"
                                + " allowed keys here: maxPromptBytes, maxRequestBytes, maxPromptTokens,"
                                + " defaultMaxOutputTokens, defaultDeadlineMs, maxToolCalls, explorationShare,"
                                + " statsMaxAgeMs, minSamplesForStats, defaultBatchDeadlineMs");
    }

    @Test
    void reportsSeveralProblemsTogetherOnePerLine() {
        String yaml = Fixtures.replaceOnce(
                Fixtures.replaceOnce(minimalWith("rpm: 60", "rpm: 0"), "provider: openai", "provider: opnai"),
                "candidates: [gpt-4o]",
                "candidates: [gpt-4o, gpt-5]");

        ConfigException e =
                catchThrowableOfType(ConfigException.class, () -> RouteplaneConfig.parse(yaml, "routeplane.yaml"));

        assertThat(e.errors())
                .containsExactly(
                        new ConfigError("providers.openai.keyProfiles[0].rpm", "must be at least 1, was 0"),
                        new ConfigError(
                                "models.gpt-4o.provider",
                                "unknown provider 'opnai'; did you mean 'openai'?"
                                        + " known providers: ollama-local, openai"),
                        new ConfigError(
                                "lanes[1].candidates[1]",
                                "unknown model or alias 'gpt-5';"
                                        + " known models and aliases: gpt-4o, stable, tiny-local"));
        assertThat(e.getMessage().split("\n"))
                .hasSize(3)
                .allSatisfy(line -> assertThat(line).startsWith("routeplane.yaml: "));
    }

    @Test
    void namesTheLineOfASyntaxError() {
        assertThat(errorLines("providers:\n  openai: [unclosed\n"))
                .hasSize(1)
                .first()
                .asString()
                .isEqualTo("routeplane.yaml: line 3, column 1: not valid YAML: while parsing a flow sequence:"
                        + " expected ',' or ']', but got <stream end>");
    }

    @Test
    void rejectsDuplicateKeysRatherThanLettingTheLastOneWin() {
        String yaml = minimalWith("    qualityPrior: 0.9\n", "    qualityPrior: 0.9\n    qualityPrior: 0.1\n");

        assertThat(errorLines(yaml))
                .hasSize(1)
                .first()
                .asString()
                .startsWith("routeplane.yaml: line ")
                .contains("Duplicate field 'qualityPrior'");
    }

    @Test
    void rejectsASecondYamlDocumentInsteadOfIgnoringIt() {
        assertThat(errorLines(minimal() + "---\nrouter: {}\n"))
                .hasSize(1)
                .first()
                .asString()
                .startsWith("routeplane.yaml: line ")
                .contains("not valid YAML: Trailing token");
    }

    @Test
    void rejectsAnEmptyFile() {
        assertThat(errorLines("# nothing\n"))
                .containsExactly("routeplane.yaml: (document): the file is empty;"
                        + " start from the documented routeplane.yaml bundled with Routeplane");
    }

    @Test
    void namesTheFileWhenLoadingFromDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("routeplane.yaml");
        Files.writeString(file, minimalWith("maxInFlight: 4", "maxInFlight: 4\n        burst: 9"));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RouteplaneConfig.load(file));

        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.getMessage())
                .isEqualTo(file + ": providers.openai.keyProfiles[0].burst: unknown key 'burst';"
                        + " allowed keys here: id, apiKeyEnv, apiKeyFile, rpm, tpm, maxInFlight,"
                        + " latencyClasses");
    }

    @Test
    void reportsAMissingFileAsAConfigError(@TempDir Path dir) {
        Path file = dir.resolve("absent.yaml");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RouteplaneConfig.load(file));

        assertThat(e.getMessage())
                .isEqualTo(file + ": (document): cannot read the file (NoSuchFileException);"
                        + " check the path and permissions");
    }
}
