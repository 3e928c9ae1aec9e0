package dev.routeplane.router;

import dev.routeplane.config.Model;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.AliasHistoryEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An alias's history on {@code rp.aliases.v1}, written one way by everyone who re-binds: {@code alias set},
 * {@code alias rollback} and the gate's promotion (control, CLI), and the online guard's rollback (the learner). A new
 * binding carries the one it replaces at the head of its history (most recent first), and a rollback re-binds to that
 * head and drops it, so repeated rollbacks walk further back. History is capped at {@value #MAX_HISTORY} entries,
 * oldest dropped. Pure functions.
 */
public final class AliasHistory {
    static final int MAX_HISTORY = 50;
    /** The reason of a binding taken from routeplane.yaml, which no event on the topic carries. */
    static final String FROM_CONFIG = "routeplane.yaml";

    private AliasHistory() {}

    /** The binding the alias has before any event on the topic: its entry in routeplane.yaml, bound "since ever". */
    public static AliasBinding fromConfig(String alias, String provider, String model, String version) {
        return AliasBinding.newBuilder()
                .setAlias(alias)
                .setProvider(provider)
                .setModel(model)
                .setVersion(version)
                .setWeights(null)
                .setPrevious(null)
                .setReason(FROM_CONFIG)
                .setChangedBy(null)
                .setBoundAt(Instant.EPOCH)
                .build();
    }

    /** Whether {@code binding} is a routeplane.yaml entry ({@link #fromConfig}) rather than an event on the topic. */
    public static boolean isFromConfig(AliasBinding binding) {
        return FROM_CONFIG.equals(binding.getReason()) && Instant.EPOCH.equals(binding.getBoundAt());
    }

    /**
     * A new binding of {@code alias}, with {@code current} (null if the alias was never bound) prepended to the
     * history. The new binding has no canary split, and the history keeps no splits: {@code current}'s weights are
     * gone from it.
     */
    public static AliasBinding rebind(
            AliasBinding current,
            String alias,
            String provider,
            String model,
            String version,
            String reason,
            String changedBy,
            Instant now) {
        List<AliasHistoryEntry> previous = new ArrayList<>();
        if (current != null) {
            previous.add(entryOf(current));
            if (current.getPrevious() != null) {
                previous.addAll(current.getPrevious());
            }
        }
        return AliasBinding.newBuilder()
                .setAlias(Objects.requireNonNull(alias, "alias"))
                .setProvider(Objects.requireNonNull(provider, "provider"))
                .setModel(Objects.requireNonNull(model, "model"))
                .setVersion(version)
                .setWeights(null)
                .setPrevious(previous.isEmpty() ? null : capped(previous))
                .setReason(reason)
                .setChangedBy(changedBy)
                .setBoundAt(now)
                .build();
    }

    /**
     * Re-binds to the most recent earlier binding, which leaves the history.
     *
     * @throws IllegalArgumentException naming the alias when it has no earlier binding
     */
    public static AliasBinding rollback(AliasBinding current, String reason, String changedBy, Instant now) {
        if (current == null
                || current.getPrevious() == null
                || current.getPrevious().isEmpty()) {
            throw new IllegalArgumentException("alias '" + (current == null ? "?" : current.getAlias())
                    + "' has no earlier binding to roll back to");
        }
        AliasHistoryEntry target = current.getPrevious().get(0);
        List<AliasHistoryEntry> rest = new ArrayList<>(
                current.getPrevious().subList(1, current.getPrevious().size()));
        return AliasBinding.newBuilder()
                .setAlias(current.getAlias())
                .setProvider(target.getProvider())
                .setModel(target.getModel())
                .setVersion(target.getVersion())
                .setWeights(null)
                .setPrevious(rest.isEmpty() ? null : rest)
                .setReason(reason == null ? "rollback" : reason)
                .setChangedBy(changedBy)
                .setBoundAt(now)
                .build();
    }

    public static AliasHistoryEntry entryOf(AliasBinding binding) {
        return AliasHistoryEntry.newBuilder()
                .setProvider(binding.getProvider())
                .setModel(binding.getModel())
                .setVersion(binding.getVersion())
                .setBoundAt(binding.getBoundAt())
                .build();
    }

    private static List<AliasHistoryEntry> capped(List<AliasHistoryEntry> entries) {
        return entries.size() <= MAX_HISTORY ? entries : new ArrayList<>(entries.subList(0, MAX_HISTORY));
    }

    /** The alias's binding now: its latest event, else its routeplane.yaml entry, else null. */
    public static AliasBinding current(String alias, Map<String, AliasBinding> live, RouteplaneConfig config) {
        AliasBinding binding = live.get(alias);
        if (binding != null) {
            return binding;
        }
        Model configured = config.aliases().containsKey(alias)
                ? config.models().get(config.aliases().get(alias))
                : null;
        return configured == null
                ? null
                : fromConfig(alias, configured.provider(), configured.providerModel(), configured.version());
    }

    /**
     * The configured model a binding names: bindings name the provider's model id (as {@code alias set} writes them)
     * or the Routeplane id; empty when no configured model of that provider fits.
     */
    public static Optional<Model> configuredModel(String provider, String model, RouteplaneConfig config) {
        for (Model m : config.models().values()) {
            if (m.provider().equals(provider)
                    && (m.id().equals(model) || m.providerModel().equals(model))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The Routeplane model id a binding names (decisions and outcomes carry it), else the binding's model as is. */
    public static String modelId(String provider, String model, RouteplaneConfig config) {
        return configuredModel(provider, model, config).map(Model::id).orElse(model);
    }

    /** The configured model a binding's provider and model name, or the raw pair when no configured model fits. */
    public static String describe(String provider, String model, String version, RouteplaneConfig config) {
        return configuredModel(provider, model, config)
                .map(m ->
                        m.id() + " (" + provider + "/" + model + (version == null ? "" : ", version " + version) + ")")
                .orElseGet(() -> provider + "/" + model + (version == null ? "" : " version " + version)
                        + " (not in the config)");
    }
}
