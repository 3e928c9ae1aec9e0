package dev.routeplane.cascade;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A cascade for one request: call the cheap stages in order, judge their answers with the signal, and call the
 * escalation route only when the signal (or a failed stage) says so. Every call is billed.
 *
 * <p>The plan's {@link #id()} is a route id like any model's: the learner learns P(success) of the whole cascade under
 * it, and P(escalation) under {@link #escalationKey()}, from the cascade's own outcomes, starting from the estimates
 * of its parts ({@link #successFromParts()}, {@link #escalationFromParts()}). Immutable.
 *
 * @param id                  {@code cascade:<stage,...>><escalation>}, spelled the same in decisions, results, stats
 *                            and snapshots
 * @param stages              the cheap stages in call order, at least one, without the escalation
 * @param escalation          the route called on escalation
 * @param signal              how the cheap answers are judged
 * @param successFromParts    P(the cascade's answer is good) from its parts' estimates alone
 * @param escalationFromParts P(it escalates) from its parts' estimates alone
 */
public record CascadePlan(
        String id,
        List<PlanOption> stages,
        PlanOption escalation,
        CascadeSignal signal,
        double successFromParts,
        double escalationFromParts) {

    private static final String PREFIX = "cascade:";

    public CascadePlan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(escalation, "escalation");
        Objects.requireNonNull(signal, "signal");
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("cascade " + id + " needs at least one cheap stage");
        }
    }

    /** The conventional id {@code cascade:<cheap,...>><escalation>}. */
    public static String idOf(List<String> stageModels, String escalationModel) {
        return PREFIX + String.join(",", stageModels) + ">" + escalationModel;
    }

    /** The stage model ids of a cascade id ({@link #idOf}), in call order. */
    public static List<String> stagesOf(String id) {
        return List.of(parts(id)[0].split(","));
    }

    /** The escalation model id of a cascade id ({@link #idOf}). */
    public static String escalationOf(String id) {
        return parts(id)[1];
    }

    private static String[] parts(String id) {
        int arrow = id == null ? -1 : id.lastIndexOf('>');
        if (id == null || !id.startsWith(PREFIX) || arrow <= PREFIX.length() || arrow == id.length() - 1) {
            throw new IllegalArgumentException("not a cascade id (cascade:<stage,...>><escalation>): " + id);
        }
        return new String[] {id.substring(PREFIX.length(), arrow), id.substring(arrow + 1)};
    }

    /** Route id under which P(escalation) of the cascade {@code id} is learned. */
    public static String escalationKeyOf(String id) {
        return id + "#escalates";
    }

    /** Route id under which P(this cascade escalates) is learned. */
    public String escalationKey() {
        return escalationKeyOf(id);
    }

    /** The stages' model ids in call order. */
    public List<String> stageModels() {
        List<String> models = new ArrayList<>(stages.size());
        for (PlanOption s : stages) {
            models.add(s.model());
        }
        return models;
    }

    /** The cheap stages' expected cost together: every one is called. */
    public long stagesExpectedCostMicros() {
        long sum = 0;
        for (PlanOption s : stages) {
            sum += s.expectedCostMicros();
        }
        return sum;
    }

    /** Expected cost of the request: every cheap stage, plus the escalation with probability {@code pEscalate}. */
    public long expectedCostMicros(double pEscalate) {
        return stagesExpectedCostMicros() + Math.round(pEscalate * escalation.expectedCostMicros());
    }

    /** The cheap stages' worst cases together: each may be called and billed. */
    public long stagesWorstCaseMicros() {
        long sum = 0;
        for (PlanOption s : stages) {
            sum = Math.addExact(sum, s.worstCaseMicros());
        }
        return sum;
    }

    /**
     * What the request may cost at most when {@code onwardWorstCaseMicros} is the worst case of the route that answers
     * after the cheap stages (the escalation, or one of its fallbacks): every stage is billed, then at most one of
     * those answers. The budget reserves the largest of these over the escalation and its fallbacks.
     */
    public long worstCaseMicros(long onwardWorstCaseMicros) {
        return Math.addExact(stagesWorstCaseMicros(), onwardWorstCaseMicros);
    }
}
