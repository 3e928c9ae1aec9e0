package dev.routeplane.learning;

import dev.routeplane.cascade.StageAnswers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * P(correct | prompt, answer, model): one online logistic regression per model over {@link AnswerFeaturizer}'s
 * features, trained by the learner from the feedback on each model's answers and published like the success models,
 * under the route {@code answer:<model>} ({@link #route}). Executors load those snapshots to judge the answers of
 * {@code ANSWER_SCORE} cascades; the router reads only how much evidence each scorer has.
 *
 * <p>Threading: {@link #load} from one thread (the snapshot reader); {@link #score} from any number of threads.
 */
public final class AnswerScorer {
    /** Prefix of the route a model's answer scorer is learned and published under. */
    public static final String ROUTE_PREFIX = "answer:";

    private final AnswerScoring settings;
    private final AnswerFeaturizer featurizer;
    private final OnlineSuccessEstimator estimator;

    public AnswerScorer(AnswerScoring settings) {
        this.settings = settings;
        this.featurizer = settings.featurizer();
        this.estimator = new OnlineSuccessEstimator(settings.estimator());
    }

    /** The route the answer scorer of {@code model} is learned and published under. */
    public static String route(String model) {
        return ROUTE_PREFIX + model;
    }

    /** The model whose answer scorer {@code route} is; empty for any other route. */
    public static Optional<String> modelOf(String route) {
        return route != null && route.startsWith(ROUTE_PREFIX)
                ? Optional.of(route.substring(ROUTE_PREFIX.length()))
                : Optional.empty();
    }

    public AnswerFeaturizer featurizer() {
        return featurizer;
    }

    /**
     * Loads a published scorer snapshot ({@link OnlineSuccessEstimator#snapshot} bytes) made by the featurizer named
     * {@code featurizerId}; returns the model it scores, or empty when the snapshot belongs to another featurizer.
     *
     * @throws IllegalArgumentException when the bytes are unreadable
     */
    public Optional<String> load(String featurizerId, byte[] state) {
        if (!settings.featurizerId().equals(featurizerId)) {
            return Optional.empty();
        }
        return modelOf(estimator.load(state));
    }

    /** Feedback examples the scorer of {@code model} has learned from; 0 when none is loaded. */
    public long evidence(String model) {
        return estimator.estimate(SparseVector.empty(), route(model)).evidence();
    }

    /** The chance that an answer with {@code features} ({@link AnswerFeaturizer}) by {@code model} is right. */
    public double score(SparseVector features, String model) {
        return estimator.estimate(features, route(model)).probability();
    }

    /**
     * The score of each cheap answer against the prompt, its peers being the other stages' answers; NaN for an answer
     * whose model has no scorer yet.
     */
    public List<Double> scores(StageAnswers answers) {
        AnswerFeaturizer.PromptSide prompt = featurizer.prompt(answers.prompt());
        List<AnswerFeaturizer.AnswerSide> sides = new ArrayList<>(answers.size());
        for (StageAnswers.Answer a : answers.answers()) {
            sides.add(featurizer.answer(prompt, a.text()));
        }
        List<Double> out = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            String model = answers.answers().get(i).model();
            if (evidence(model) == 0) {
                out.add(Double.NaN);
                continue;
            }
            List<AnswerFeaturizer.Peer> peers = new ArrayList<>(answers.size() - 1);
            for (int j = 0; j < answers.size(); j++) {
                if (j != i) {
                    peers.add(new AnswerFeaturizer.Peer(
                            answers.answers().get(j).model(), sides.get(j).fingerprint()));
                }
            }
            out.add(score(featurizer.vector(prompt, sides.get(i), peers), model));
        }
        return out;
    }
}
