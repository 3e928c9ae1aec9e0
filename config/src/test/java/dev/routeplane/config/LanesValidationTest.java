package dev.routeplane.config;

import static dev.routeplane.config.Fixtures.errorLines;
import static dev.routeplane.config.Fixtures.minimal;
import static dev.routeplane.config.Fixtures.minimalWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LanesValidationTest {
    private static final String DEFAULT_LANE =
            "  - name: default\n    description: Everything else.\n    candidates: [gpt-4o]\n";

    @Test
    void rejectsAnUnknownModelInALane() {
        assertThat(errorLines(minimalWith("candidates: [stable, tiny-local]", "candidates: [stable, tiny-locale]")))
                .containsExactly("routeplane.yaml: lanes[0].candidates[1]: unknown model or alias 'tiny-locale';"
                        + " did you mean 'tiny-local'? known models and aliases: gpt-4o, stable, tiny-local");
    }

    @Test
    void requiresTheLastLaneToBeACatchAll() {
        String yaml = minimalWith(DEFAULT_LANE, "");

        assertThat(errorLines(yaml))
                .containsExactly("routeplane.yaml: lanes[0]: the last lane must be a catch-all"
                        + " without 'match', so every request finds a lane; add a final lane such as"
                        + " {name: default, description: ..., candidates: [...]}");
    }

    @Test
    void rejectsACatchAllThatHidesTheLanesAfterIt() {
        String yaml = minimalWith("lanes:\n", "lanes:\n" + DEFAULT_LANE.replace("default", "early"));

        assertThat(errorLines(yaml))
                .containsExactly("routeplane.yaml: lanes[0]: this lane has no 'match', so it"
                        + " takes every request and the lanes after it can never be used; give it a match or move it to"
                        + " the end");
    }

    @Test
    void rejectsDuplicateLaneNamesAndUnknownTaskTypes() {
        String yaml = minimalWith("    taskType: [CODE]\n", "    taskType: [code]\n");
        yaml = Fixtures.replaceOnce(yaml, "- name: code", "- name: default");

        assertThat(errorLines(yaml))
                .containsExactly(
                        "routeplane.yaml: lanes[0].match.taskType[0]: unknown task type 'code'; did you mean 'CODE'? known"
                                + " values: CODE, CHAT, SUMMARIZATION, EXTRACTION, CLASSIFICATION, CREATIVE, REASONING,"
                                + " TRANSLATION, LONG_CONTEXT_SYNTHESIS",
                        "routeplane.yaml: lanes[1].name: lane name 'default' is used twice; lane names must be unique");
    }

    @Test
    void rejectsAnEmptyMatchAsAnAmbiguousCatchAll() {
        String yaml = minimalWith("    match:\n      taskType: [CODE]\n", "    match: {}\n");

        assertThat(errorLines(yaml))
                .containsExactly("routeplane.yaml: lanes[0].match: has no conditions; give at"
                        + " least one (taskType, latencyClass, dataClass, contextBand, needsTools, needsJson, multilingual)"
                        + " or remove 'match' for the catch-all lane");
    }

    @Test
    void rejectsAToolsLaneCandidateWithoutToolCalling() {
        String yaml = minimalWith("      taskType: [CODE]\n", "      taskType: [CODE]\n      needsTools: true\n");

        assertThat(errorLines(yaml))
                .containsExactly("routeplane.yaml: lanes[0].candidates[1]: model 'tiny-local'"
                        + " lacks capability 'tools' that this lane's match.needsTools requires; remove it or add the"
                        + " capability to the model");
    }

    @Test
    void readsCascadeShadowAndOutputCap() {
        String yaml = minimalWith(
                "    candidates: [stable, tiny-local]\n",
                "    candidates: [stable, tiny-local]\n"
                        + "    maxOutputTokens: 512\n    cascade: [tiny-local]\n    shadow: { model: gpt-4o, share: 0.25 }\n");

        Lane code = RouteplaneConfig.parse(yaml, Fixtures.SOURCE).lanes().get(0);

        assertThat(code.cascade()).containsExactly("tiny-local");
        assertThat(code.shadow()).isEqualTo(Optional.of(new Shadow("gpt-4o", 0.25)));
        assertThat(code.maxOutputTokens()).hasValue(512);
        assertThat(RouteplaneConfig.parse(minimal(), Fixtures.SOURCE)
                        .lanes()
                        .get(0)
                        .shadow())
                .isEmpty();
    }

    @Test
    void rejectsAShadowShareAboveOne() {
        String yaml = minimalWith(
                "    candidates: [gpt-4o]\n",
                "    candidates: [gpt-4o]\n    shadow: { model: tiny-local, share: 1.5 }\n");

        assertThat(errorLines(yaml))
                .containsExactly("routeplane.yaml: lanes[1].shadow.share: must be between 0 and 1, was 1.5");
    }
}
