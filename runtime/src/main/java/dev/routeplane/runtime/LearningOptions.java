package dev.routeplane.runtime;

import dev.routeplane.router.LearnedRouting;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Learned routing and recorded-outcome replay for a {@link RouteplaneRuntime}: what {@code bench routing} and the
 * eval gate run with.
 *
 * @param learnedRouting the router (when {@code ROUTER} runs) ranks with {@code LearnedSelector}, and the learner
 *                       (when {@code LEARNER} runs) trains the models it reads from feedback, beside the online guard
 * @param settings       featurizer, estimator and chooser settings shared by the learner and the router
 * @param replayDataDir  a RouterBench-shaped directory the simulator answers every provider's calls from, or
 *                       {@code null} for synthetic answers
 */
public record LearningOptions(boolean learnedRouting, LearnedRouting settings, Path replayDataDir) {

    public LearningOptions {
        Objects.requireNonNull(settings, "settings");
    }

    /** Rules and route statistics only, synthetic simulator answers: the runtime's default. */
    public static LearningOptions none() {
        return new LearningOptions(false, LearnedRouting.ofDefaults(), null);
    }

    /** Learned routing with the default settings and synthetic answers: the {@code router} and {@code learner} commands. */
    public static LearningOptions learned() {
        return new LearningOptions(true, LearnedRouting.ofDefaults(), null);
    }

    /** Learned routing with the default settings, the simulator replaying {@code replayDataDir}. */
    public static LearningOptions learnedOn(Path replayDataDir) {
        return new LearningOptions(true, LearnedRouting.ofDefaults(), replayDataDir);
    }
}
