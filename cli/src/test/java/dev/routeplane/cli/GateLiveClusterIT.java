package dev.routeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.AliasHistoryEntry;
import dev.routeplane.control.LiveGateTest;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.platform.testkit.SharedData;
import dev.routeplane.router.AliasHistory;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gate} through the real command line against a live cluster: a second real broker and registry holding the
 * Routeplane topics, configured by {@code gate/live-routeplane.yaml} (its own model ids and providers, serving models
 * RouterBench recorded: gpt-4-turbo is openai/gpt-4-1106-preview, gpt-35-turbo openai/gpt-3.5-turbo-1106,
 * mistral-7b mistral/mistralai/mistral-7b-chat). The gate reads the alias there, evaluates on its own replay
 * platform and writes a promotion, and only a promotion, back to the live {@code rp.aliases.v1}.
 */
class GateLiveClusterIT {
    @RegisterExtension
    static final RouteplanePlatformExtension live = new RouteplanePlatformExtension();

    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    static Path dir;

    private static Path winogrande;
    private static Path mbpp;

    @BeforeAll
    static void liveClusterAndData() throws Exception {
        try (Admin admin = Admin.create(live.adminConfig())) {
            new TopicBootstrapper(admin).ensure(TOPICS.all(List.of()));
        }
        winogrande = Files.createDirectories(dir.resolve("winogrande"));
        Files.copy(
                SharedData.routerbenchSubset().resolve("winograde_test.csv"), winogrande.resolve("winograde_test.csv"));
        mbpp = Files.createDirectories(dir.resolve("mbpp"));
        Files.copy(SharedData.routerbenchSubset().resolve("mbpp_test.csv"), mbpp.resolve("mbpp_test.csv"));
    }

    record Run(int exit, String out, String err) {}

    /** The routeplane command line, pointed at the live cluster and its configuration. */
    private static Run routeplane(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = RouteplaneCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--bootstrap-servers",
                live.bootstrapServers(),
                "--schema-registry-url",
                live.registryUrl(),
                "--config",
                LiveGateTest.LIVE_YAML.toString()));
        int exit = cli.execute(all.toArray(String[]::new));
        System.out.print(out);
        System.err.print(err);
        return new Run(exit, out.toString(), err.toString());
    }

    private static List<AliasBinding> liveBindings(String alias) {
        return SubmitCommandIT.readAll(live, TOPICS.aliases()).stream()
                .filter(r -> alias.equals(r.key()))
                .map(ConsumerRecord::value)
                .toList();
    }

    @Test
    void refusesAWorseCandidateLeavingTheLiveBindingAndPromotesAnEquivalentOneOnTheLiveCluster() {
        // given prod bound to gpt-4-turbo on the live cluster
        Run set = routeplane("alias", "set", "prod", "gpt-4-turbo", "--reason", "launch");
        assertThat(set.exit()).as(set.err()).isZero();
        AliasBinding launched = liveBindings("prod").get(0);

        // when mistral-7b is gated for prod on 60 Winogrande prompts, without --current
        Run worse = routeplane(
                "gate",
                "--alias",
                "prod",
                "--candidate",
                "mistralai/mistral-7b-chat",
                "--data",
                winogrande.toString(),
                "--limit",
                "60",
                "--max-latency-ratio",
                "3.0");

        // then the gate evaluated the live binding, refused for accuracy (recorded: 0.617 against 0.883 on these 60
        // prompts) and wrote nothing to the live cluster
        assertThat(worse.exit()).as(worse.err()).isEqualTo(GateCommand.REFUSED);
        assertThat(worse.out())
                .contains("gate: prod on the live cluster at " + live.bootstrapServers() + " is bound to gpt-4-turbo "
                        + "(openai/gpt-4-1106-preview, version 1106-preview); evaluating it as gpt-4-1106-preview against "
                        + "mistralai/mistral-7b-chat")
                .contains(
                        "gate: refused prod -> mistralai-mistral-7b-chat: accuracy 0.617 vs 0.883 now: drops 0.267, more "
                                + "than the tolerated 0.020")
                .contains("gate: nothing written to rp.aliases.v1 of the live cluster at " + live.bootstrapServers()
                        + "; prod stays bound to gpt-4-turbo (openai/gpt-4-1106-preview, version 1106-preview)");
        assertThat(liveBindings("prod")).containsExactly(launched);

        // when gpt-3.5 is gated for prod on all 128 MBPP prompts, where it is as accurate as gpt-4
        Run equivalent = routeplane(
                "gate",
                "--alias",
                "prod",
                "--candidate",
                "gpt-3.5-turbo-1106",
                "--data",
                mbpp.toString(),
                "--max-latency-ratio",
                "3.0");

        // then prod is re-bound on the live cluster to its gpt-35-turbo, gpt-4-turbo first in its history
        assertThat(equivalent.exit()).as(equivalent.err()).isZero();
        assertThat(equivalent.out())
                .contains("gate: promoted prod -> gpt-3-5-turbo-1106 (accuracy 0.688 vs 0.688; ")
                .contains(
                        "gate: wrote prod -> gpt-35-turbo (openai/gpt-3.5-turbo-1106, version 1106) to rp.aliases.v1 of "
                                + "the live cluster at " + live.bootstrapServers() + " (1 earlier binding)");
        List<AliasBinding> bindings = liveBindings("prod");
        assertThat(bindings).hasSize(2);
        AliasBinding promoted = bindings.get(1);
        assertThat(promoted.getProvider()).isEqualTo("openai");
        assertThat(promoted.getModel()).isEqualTo("gpt-3.5-turbo-1106");
        assertThat(promoted.getVersion()).isEqualTo("1106");
        assertThat(promoted.getChangedBy()).isEqualTo("eval-gate");
        assertThat(promoted.getReason())
                .startsWith("eval gate: accuracy 0.688 vs 0.688, cost $0.04")
                .endsWith(" on 128 prompts");
        assertThat(promoted.getPrevious()).containsExactly(AliasHistory.entryOf(launched));
        AliasHistoryEntry before = promoted.getPrevious().get(0);
        assertThat(before.getProvider() + "/" + before.getModel()).isEqualTo("openai/gpt-4-1106-preview");
    }

    @Test
    void failsBeforeEvaluatingWhenCurrentDisagreesWithTheLiveBindingOrTheLiveConfigLacksTheCandidate() {
        // given staging bound to gpt-4-turbo by the live configuration only

        // when --current names another model
        Run disagrees = routeplane(
                "gate",
                "--alias",
                "staging",
                "--candidate",
                "mistral-7b",
                "--current",
                "gpt-3.5-turbo-1106",
                "--data",
                winogrande.toString());
        // or the candidate is recorded but not a model of the live configuration
        Run unknown =
                routeplane("gate", "--alias", "staging", "--candidate", "claude-v2", "--data", winogrande.toString());

        // then each fails naming what does not fit, with no evaluation started and nothing written
        assertThat(disagrees.exit()).isEqualTo(1);
        assertThat(disagrees.out()).isEmpty();
        assertThat(disagrees.err())
                .contains("--current gpt-3.5-turbo-1106 disagrees with alias 'staging' on the live "
                        + "cluster, bound to openai/gpt-4-1106-preview (recorded as gpt-4-1106-preview)");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err())
                .contains("candidate claude-v2 is not a model of " + LiveGateTest.LIVE_YAML
                        + ": none of its models has providerModel or id claude-v2; its models: gpt-35-turbo "
                        + "(openai/gpt-3.5-turbo-1106), gpt-4-turbo (openai/gpt-4-1106-preview), mistral-7b "
                        + "(mistral/mistralai/mistral-7b-chat)");
        assertThat(liveBindings("staging")).isEmpty();
    }
}
