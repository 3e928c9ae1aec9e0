package dev.routeplane.cli;

import dev.routeplane.config.Model;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AliasBinding;
import dev.routeplane.control.AliasTopic;
import dev.routeplane.router.AliasHistory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Live model aliases on compacted {@code rp.aliases.v1}: each event is an alias's whole binding with its history
 * (most recent first), so a rollback is one event and the router picks it up without a restart. Bindings name
 * the provider and the provider's model id, as the contract says; the router maps them back to the configured
 * model.
 *
 * <p>Set and rollback read the latest binding and write the next one; two operators changing the same alias at
 * the same moment can lose one change (last write wins), so change an alias from one place at a time.
 */
@Command(
        name = "alias",
        mixinStandardHelpOptions = true,
        description = "Rebind, roll back or list model aliases.",
        subcommands = {AliasCommand.Set.class, AliasCommand.Rollback.class, AliasCommand.ListBindings.class})
public final class AliasCommand implements Runnable {

    private static final Pattern ALIAS_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every alias subcommand shares. */
    abstract static class Base {
        @Mixin
        ClusterOptions cluster;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "routeplane.yaml (default: the bundled example).")
        Path configFile;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        RouteplaneConfig config() {
            return configFile == null ? RouteplaneConfig.defaults() : RouteplaneConfig.load(configFile);
        }

        AliasTopic topic() {
            return new AliasTopic(cluster.clientConfig(), cluster.kafka.bootstrapServers(), cluster.registryUrl);
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        static String changedBy() {
            return System.getProperty("user.name");
        }

        void printBinding(String verb, AliasBinding b, RouteplaneConfig config) {
            out().println("alias " + b.getAlias() + " " + verb + " "
                    + AliasHistory.describe(b.getProvider(), b.getModel(), b.getVersion(), config) + " ("
                    + (b.getPrevious() == null ? 0 : b.getPrevious().size())
                    + " earlier bindings)");
            out().flush();
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Bind an alias to a configured model.")
    public static final class Set extends Base implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ALIAS", description = "Alias name, e.g. prod-stable.")
        String alias;

        @Parameters(index = "1", paramLabel = "MODEL", description = "Model id from routeplane.yaml's models.")
        String model;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why the binding changes.")
        String reason;

        @Override
        public Integer call() {
            RouteplaneConfig config = config();
            if (!ALIAS_NAME.matcher(alias).matches()) {
                throw new IllegalArgumentException("ALIAS '" + alias + "' is not a valid alias name: use lower-case"
                        + " letters, digits and single '-'");
            }
            if (config.models().containsKey(alias)) {
                throw new IllegalArgumentException(
                        "ALIAS '" + alias + "' is a model id; an alias must not share a name" + " with a model");
            }
            Model target = config.models().get(model);
            if (target == null) {
                throw new IllegalArgumentException("MODEL '" + model + "' is not a model in "
                        + (configFile == null ? "the bundled routeplane.yaml" : configFile) + "; known: "
                        + String.join(", ", new TreeMap<>(config.models()).keySet()));
            }
            AliasTopic topic = topic();
            AliasBinding current = AliasHistory.current(alias, topic.latest(err()), config);
            AliasBinding next = AliasHistory.rebind(
                    current,
                    alias,
                    target.provider(),
                    target.providerModel(),
                    target.version(),
                    reason,
                    changedBy(),
                    Instant.now());
            topic.write(next);
            printBinding("->", next, config);
            return 0;
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = "Re-bind an alias to its previous binding.")
    public static final class Rollback extends Base implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ALIAS", description = "Alias name.")
        String alias;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (default: rollback).")
        String reason;

        @Override
        public Integer call() {
            RouteplaneConfig config = config();
            AliasTopic topic = topic();
            AliasBinding current = AliasHistory.current(alias, topic.latest(err()), config);
            if (current == null) {
                throw new IllegalArgumentException("ALIAS '" + alias + "' is neither bound on " + topic.name()
                        + " nor configured in routeplane.yaml");
            }
            AliasBinding next = AliasHistory.rollback(current, reason, changedBy(), Instant.now());
            topic.write(next);
            printBinding("rolled back to", next, config);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List each alias's current binding.")
    public static final class ListBindings extends Base implements Callable<Integer> {
        @Override
        public Integer call() {
            RouteplaneConfig config = config();
            Map<String, AliasBinding> live = topic().latest(err());
            Map<String, String> rows = new TreeMap<>();
            live.forEach((alias, b) -> rows.put(
                    alias,
                    AliasHistory.describe(b.getProvider(), b.getModel(), b.getVersion(), config)
                            + "  [rp.aliases.v1, bound " + b.getBoundAt()
                            + (b.getReason() == null ? "" : ", " + b.getReason())
                            + ", "
                            + (b.getPrevious() == null ? 0 : b.getPrevious().size()) + " earlier]"));
            config.aliases().forEach((alias, modelId) -> {
                if (!live.containsKey(alias)) {
                    Model m = config.models().get(modelId);
                    rows.put(
                            alias,
                            (m == null
                                            ? modelId
                                            : AliasHistory.describe(
                                                    m.provider(), m.providerModel(), m.version(), config))
                                    + "  [routeplane.yaml]");
                }
            });
            int width = rows.keySet().stream().mapToInt(String::length).max().orElse(5);
            PrintWriter out = out();
            for (Map.Entry<String, String> row : rows.entrySet()) {
                out.println(String.format("%-" + width + "s  %s", row.getKey(), row.getValue()));
            }
            if (rows.isEmpty()) {
                out.println("no aliases");
            }
            out.flush();
            return 0;
        }
    }
}
