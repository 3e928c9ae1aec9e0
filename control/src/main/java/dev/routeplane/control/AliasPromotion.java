package dev.routeplane.control;

import dev.routeplane.config.Model;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.WeightedTarget;
import dev.routeplane.router.AliasHistory;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a passing gate re-binds an alias: one cluster's {@code rp.aliases.v1}, the alias's binding there when the
 * gate began, and the model of that cluster's configuration to bind. Writing re-reads the binding first and refuses
 * when it is not the very binding read at the start (an operator or the online guard re-bound the alias, or changed
 * its version or canary split, during the evaluation), so a promotion never replaces a binding the gate did not
 * evaluate. The promotion binds the candidate alone: a canary split of the binding it replaces ends with it.
 */
public final class AliasPromotion {
    public static final String CHANGED_BY = "eval-gate";

    private final AliasTopic topic;
    private final String where;
    private final boolean throwaway;
    private final RouteplaneConfig config;
    private final AliasBinding bound;
    private final Model candidate;

    private AliasPromotion(
            AliasTopic topic,
            String where,
            boolean throwaway,
            RouteplaneConfig config,
            AliasBinding bound,
            Model candidate) {
        this.topic = topic;
        this.where = where;
        this.throwaway = throwaway;
        this.config = config;
        this.bound = Objects.requireNonNull(bound, "bound");
        this.candidate = Objects.requireNonNull(candidate, "candidate");
    }

    /** On the gate's own replay platform, discarded with it. */
    public static AliasPromotion onReplayPlatform(
            AliasTopic topic, RouteplaneConfig config, AliasBinding bound, Model candidate) {
        return new AliasPromotion(topic, "the replay platform", true, config, bound, candidate);
    }

    /** On the cluster the user runs, as its configuration names the candidate. */
    public static AliasPromotion onLiveCluster(
            AliasTopic topic, String bootstrapServers, RouteplaneConfig config, AliasBinding bound, Model candidate) {
        return new AliasPromotion(topic, "the live cluster at " + bootstrapServers, false, config, bound, candidate);
    }

    /**
     * Writes the alias's next binding, the one found at the start heading its history.
     *
     * @throws IllegalStateException naming both bindings when the alias's binding changed since the gate read it
     */
    public AliasBinding write(String reason, Instant now, PrintWriter err) {
        AliasBinding next = next(AliasHistory.current(bound.getAlias(), topic.latest(err), config), reason, now);
        topic.write(next);
        return next;
    }

    /**
     * The binding to write over {@code latest}, the alias's binding re-read just before writing (null when unbound).
     * Any difference from the binding read at the start (provider, model, version, canary split, or a new event
     * binding the same model) refuses, since the evaluation no longer describes what the promotion would replace.
     *
     * @throws IllegalStateException naming both bindings when {@code latest} is not the binding read at the start
     */
    public AliasBinding next(AliasBinding latest, String reason, Instant now) {
        if (!bound.equals(latest)) {
            throw new IllegalStateException("alias '" + bound.getAlias() + "' changed on " + topic.name() + " of "
                    + where + " while the gate ran: it was " + describeEvent(bound) + "; now "
                    + (latest == null ? "unbound" : describeEvent(latest))
                    + "; nothing written, rerun the gate against the "
                    + "new binding");
        }
        return AliasHistory.rebind(
                latest,
                bound.getAlias(),
                candidate.provider(),
                candidate.providerModel(),
                candidate.version(),
                reason,
                CHANGED_BY,
                now);
    }

    /** What a promotion changed, and where. */
    public String promotedLine(AliasBinding written) {
        int earlier = written.getPrevious() == null ? 0 : written.getPrevious().size();
        String binding = written.getAlias() + " -> " + describe(written);
        if (throwaway) {
            return "gate: " + binding + " is bound on " + topic.name()
                    + " of the replay platform only, which ends with "
                    + "this command: no cluster changed. To promote on your cluster, run the gate with --bootstrap-servers "
                    + "HOST:PORT and --config FILE, its routeplane.yaml (and --schema-registry-url, --command-config as for "
                    + "'alias set').";
        }
        String rollback = "'alias rollback " + written.getAlias() + "' undoes it";
        if (hasSplit(bound)) {
            rollback = "its canary split (" + split(bound) + ") is replaced; 'alias rollback " + written.getAlias()
                    + "' restores " + describe(bound.getProvider(), bound.getModel(), bound.getVersion(), config)
                    + " without the split";
        }
        return "gate: wrote " + binding + " to " + topic.name() + " of " + where + " (" + earlier + " earlier binding"
                + (earlier == 1 ? "" : "s") + "); its routers follow without a restart, " + rollback;
    }

    /** What a refusal left as it was. */
    public String refusedLine() {
        return "gate: nothing written to " + topic.name() + " of " + where + "; " + bound.getAlias()
                + " stays bound to " + describe(bound);
    }

    private String describe(AliasBinding b) {
        return describe(b, config);
    }

    /** The binding's model as {@code config} names it, and its canary split if it has one. */
    public static String describe(AliasBinding b, RouteplaneConfig config) {
        String model = describe(b.getProvider(), b.getModel(), b.getVersion(), config);
        return hasSplit(b) ? model + " with canary split " + split(b, config) : model;
    }

    /** Whether traffic on the alias is split across weighted targets rather than sent to its provider/model. */
    public static boolean hasSplit(AliasBinding b) {
        return b.getWeights() != null && !b.getWeights().isEmpty();
    }

    /** The binding and the event that made it, so that two events binding the same model read differently. */
    private String describeEvent(AliasBinding b) {
        if (AliasHistory.isFromConfig(b)) {
            return describe(b) + ", as configured (no event on " + topic.name() + ")";
        }
        return describe(b) + ", bound " + b.getBoundAt() + (b.getChangedBy() == null ? "" : " by " + b.getChangedBy());
    }

    private String split(AliasBinding b) {
        return split(b, config);
    }

    private static String split(AliasBinding b, RouteplaneConfig config) {
        StringBuilder s = new StringBuilder();
        for (WeightedTarget t : b.getWeights()) {
            s.append(s.length() == 0 ? "" : ", ")
                    .append(t.getWeight())
                    .append(" to ")
                    .append(describe(t.getProvider(), t.getModel(), t.getVersion(), config));
        }
        return s.toString();
    }

    private static String describe(String provider, String model, String version, RouteplaneConfig config) {
        return AliasHistory.describe(provider, model, version, config);
    }
}
