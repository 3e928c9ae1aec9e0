package dev.routeplane.runtime;

import dev.routeplane.router.LearnedRouting;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Learned routing and recorded-outcome replay for a {@link RouteplaneRuntime}: what {@code bench routing} and the
 * eval gate run with.
 *
 * @param learnedRouting route with {@code LearnedSelector} and run the learner that trains it from feedback
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

    /** Learned routing with the default settings, the simulator replaying {@code replayDataDir}. */
    public static LearningOptions learnedOn(Path replayDataDir) {
        return new LearningOptions(true, LearnedRouting.ofDefaults(), replayDataDir);
    }
}
