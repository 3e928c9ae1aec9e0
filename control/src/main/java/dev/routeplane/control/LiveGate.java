package dev.routeplane.control;

import dev.routeplane.config.Model;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AliasBinding;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The gate against a live cluster, before anything is evaluated: which recorded model the alias's live binding is
 * (the replay starts with the alias bound to it), and which model of the live configuration a promotion binds.
 * Recorded models are named by their recorded (provider wire) name, which a live model matches by its
 * {@code providerModel} or, failing that, its id. A binding with a canary split is evaluated as its provider/model
 * alone, and a promotion replaces the split with the candidate alone, so gating one takes {@code --replace-split}.
 *
 * @param currentRecorded   the recorded name of the model the alias is bound to on the live cluster
 * @param candidateRecorded the recorded name of the candidate
 * @param candidate         the live configuration's model a promotion binds
 */
public record LiveGate(String currentRecorded, String candidateRecorded, Model candidate) {
    public LiveGate {
        Objects.requireNonNull(currentRecorded, "currentRecorded");
        Objects.requireNonNull(candidateRecorded, "candidateRecorded");
        Objects.requireNonNull(candidate, "candidate");
    }

    /**
     * @param bound      the alias's live binding (its latest event, else its entry in the live configuration)
     * @param live       the live cluster's configuration
     * @param liveName   how to name it in messages (its file)
     * @param recorded   every name the eval set knows a model by (recorded names and replay model ids) to its
     *                   recorded name
     * @param current    {@code --current}, or null to take the live binding's
     * @param candidate  {@code --candidate}: a recorded name, a replay model id or a live model id
     * @param replaceSplit {@code --replace-split}: whether a canary split of the live binding may be replaced
     * @throws IllegalArgumentException saying what does not fit and what to do
     */
    public static LiveGate resolve(
            AliasBinding bound,
            RouteplaneConfig live,
            String liveName,
            Map<String, String> recorded,
            String current,
            String candidate,
            boolean replaceSplit) {
        String alias = bound.getAlias();
        String binding = bound.getProvider() + "/" + bound.getModel();
        String currentRecorded = currentRecorded(bound, live, recorded);
        if (currentRecorded == null) {
            throw new IllegalArgumentException("alias '" + alias + "' is bound on the live cluster to " + binding
                    + ", of which the eval set has no recorded answers (recorded: " + recordedNames(recorded)
                    + "); gate it "
                    + "on data that recorded " + bound.getModel());
        }
        if (current != null && !currentRecorded.equals(recordedName(current, live, recorded))) {
            throw new IllegalArgumentException(
                    "--current " + current + " disagrees with alias '" + alias + "' on the live "
                            + "cluster, bound to " + binding + " (recorded as " + currentRecorded
                            + "); omit --current to gate against "
                            + "the live binding, or pass --current " + currentRecorded);
        }
        String candidateRecorded = recordedName(candidate, live, recorded);
        if (candidateRecorded == null) {
            throw new IllegalArgumentException(
                    "--candidate " + candidate + " is neither a recorded model of the eval set " + "nor a model of "
                            + liveName + " that it recorded; recorded: " + recordedNames(recorded));
        }
        if (candidateRecorded.equals(currentRecorded)) {
            throw new IllegalArgumentException("alias '" + alias + "' is already bound to " + binding + " (recorded as "
                    + currentRecorded + "); nothing to gate");
        }
        Model bind = liveModel(candidate, candidateRecorded, live, liveName);
        if (AliasPromotion.hasSplit(bound) && !replaceSplit) {
            throw new IllegalArgumentException("alias '" + alias + "' is bound on the live cluster to "
                    + AliasPromotion.describe(bound, live) + ": the gate evaluates it as " + currentRecorded
                    + " alone, and a "
                    + "promotion would replace the split with " + bind.id()
                    + " alone, which 'alias rollback' cannot restore; "
                    + "pass --replace-split to gate it so, or end the canary first with 'alias set " + alias
                    + " MODEL'");
        }
        return new LiveGate(currentRecorded, candidateRecorded, bind);
    }

    private static String currentRecorded(AliasBinding bound, RouteplaneConfig live, Map<String, String> recorded) {
        if (recorded.containsKey(bound.getModel())) {
            return recorded.get(bound.getModel());
        }
        for (Model m : live.models().values()) {
            if (m.provider().equals(bound.getProvider())
                    && (m.providerModel().equals(bound.getModel()) || m.id().equals(bound.getModel()))) {
                return recordedName(m, recorded);
            }
        }
        return null;
    }

    /** A name's recorded name: as the eval set knows it, else as a live model's providerModel or id; null if none. */
    private static String recordedName(String name, RouteplaneConfig live, Map<String, String> recorded) {
        if (recorded.containsKey(name)) {
            return recorded.get(name);
        }
        Model m = live.models().get(name);
        return m == null ? null : recordedName(m, recorded);
    }

    private static String recordedName(Model m, Map<String, String> recorded) {
        return recorded.containsKey(m.providerModel()) ? recorded.get(m.providerModel()) : recorded.get(m.id());
    }

    /** The live model to bind: the one --candidate names, else the one serving the recorded name. */
    private static Model liveModel(String candidate, String candidateRecorded, RouteplaneConfig live, String liveName) {
        Model named = live.models().get(candidate);
        if (named != null) {
            return named;
        }
        List<Model> serving = live.models().values().stream()
                .filter(m -> m.providerModel().equals(candidateRecorded))
                .toList();
        if (serving.isEmpty()) {
            serving = live.models().values().stream()
                    .filter(m -> m.id().equals(candidateRecorded))
                    .toList();
        }
        if (serving.size() == 1) {
            return serving.get(0);
        }
        if (serving.isEmpty()) {
            throw new IllegalArgumentException("candidate " + candidate + " is not a model of " + liveName
                    + ": none of its "
                    + "models has providerModel or id " + candidateRecorded + "; its models: " + describe(live.models())
                    + ". Add the model to the live configuration (and its routers) first");
        }
        throw new IllegalArgumentException(
                "candidate " + candidate + " is served by several models of " + liveName + ": "
                        + describe(serving.stream().collect(Collectors.toMap(Model::id, m -> m)))
                        + "; pass the one to bind as --candidate");
    }

    private static String describe(Map<String, Model> models) {
        StringBuilder s = new StringBuilder();
        for (Model m : new TreeMap<>(models).values()) {
            s.append(s.length() == 0 ? "" : ", ")
                    .append(m.id())
                    .append(" (")
                    .append(m.provider())
                    .append('/')
                    .append(m.providerModel())
                    .append(')');
        }
        return s.length() == 0 ? "none" : s.toString();
    }

    private static String recordedNames(Map<String, String> recorded) {
        return String.join(", ", new TreeSet<>(recorded.values()));
    }
}
