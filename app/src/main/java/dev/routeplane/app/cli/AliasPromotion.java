package dev.routeplane.app.cli;

import dev.routeplane.config.Model;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AliasBinding;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a passing gate re-binds an alias: one cluster's {@code rp.aliases.v1}, the alias's binding there when the
 * gate began, and the model of that cluster's configuration to bind. Writing re-reads the binding first and refuses
 * when it changed meanwhile (an operator or the online guard re-bound the alias during the evaluation), so a
 * promotion never replaces a binding the gate did not evaluate.
 */
final class AliasPromotion {
  static final String CHANGED_BY = "eval-gate";

  private final AliasTopic topic;
  private final String where;
  private final boolean throwaway;
  private final RouteplaneConfig config;
  private final AliasBinding bound;
  private final Model candidate;

  private AliasPromotion(AliasTopic topic, String where, boolean throwaway, RouteplaneConfig config,
      AliasBinding bound, Model candidate) {
    this.topic = topic;
    this.where = where;
    this.throwaway = throwaway;
    this.config = config;
    this.bound = Objects.requireNonNull(bound, "bound");
    this.candidate = Objects.requireNonNull(candidate, "candidate");
  }

  /** On the gate's own replay platform, discarded with it. */
  static AliasPromotion onReplayPlatform(AliasTopic topic, RouteplaneConfig config, AliasBinding bound,
      Model candidate) {
    return new AliasPromotion(topic, "the replay platform", true, config, bound, candidate);
  }

  /** On the cluster the user runs, as its configuration names the candidate. */
  static AliasPromotion onLiveCluster(AliasTopic topic, String bootstrapServers, RouteplaneConfig config,
      AliasBinding bound, Model candidate) {
    return new AliasPromotion(topic, "the live cluster at " + bootstrapServers, false, config, bound, candidate);
  }

  /**
   * Writes the alias's next binding, the one found at the start heading its history.
   *
   * @throws IllegalStateException naming both bindings when the alias was re-bound since the gate read it
   */
  AliasBinding write(String reason, Instant now, PrintWriter err) {
    AliasBinding latest = AliasCommand.Base.current(bound.getAlias(), topic.latest(err), config);
    if (latest == null || !latest.getProvider().equals(bound.getProvider())
        || !latest.getModel().equals(bound.getModel())) {
      throw new IllegalStateException("alias '" + bound.getAlias() + "' was re-bound on " + topic.name() + " of "
          + where + " while the gate ran: it was " + describe(bound) + ", now "
          + (latest == null ? "unbound" : describe(latest)) + "; nothing written, rerun the gate against the new "
          + "binding");
    }
    AliasBinding next = AliasHistory.rebind(latest, bound.getAlias(), candidate.provider(), candidate.providerModel(),
        candidate.version(), reason, CHANGED_BY, now);
    topic.write(next);
    return next;
  }

  /** What a promotion changed, and where. */
  String promotedLine(AliasBinding written) {
    int earlier = written.getPrevious() == null ? 0 : written.getPrevious().size();
    String binding = written.getAlias() + " -> " + describe(written);
    if (throwaway) {
      return "gate: " + binding + " is bound on " + topic.name() + " of the replay platform only, which ends with "
          + "this command: no cluster changed. To promote on your cluster, run the gate with --bootstrap-servers "
          + "HOST:PORT (and --schema-registry-url, --command-config, --config as for 'alias set').";
    }
    return "gate: wrote " + binding + " to " + topic.name() + " of " + where + " (" + earlier + " earlier binding"
        + (earlier == 1 ? "" : "s") + "); its routers follow without a restart, 'alias rollback "
        + written.getAlias() + "' undoes it";
  }

  /** What a refusal left as it was. */
  String refusedLine() {
    return "gate: nothing written to " + topic.name() + " of " + where + "; " + bound.getAlias() + " stays bound to "
        + describe(bound);
  }

  private String describe(AliasBinding b) {
    return AliasCommand.describe(b.getProvider(), b.getModel(), b.getVersion(), config);
  }
}
