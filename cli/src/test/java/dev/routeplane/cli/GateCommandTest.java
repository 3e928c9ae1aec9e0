package dev.routeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.control.AliasPromotion;
import dev.routeplane.control.AliasTopic;
import dev.routeplane.control.LiveGateTest;
import dev.routeplane.router.AliasHistory;
import dev.routeplane.simulator.ReplayDataset;
import dev.routeplane.simulator.ReplaySample;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gate}'s options and eval set, without a platform. */
class GateCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private static Run gate(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = RouteplaneCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "gate";
        System.arraycopy(args, 0, all, 1, args.length);
        return new Run(cli.execute(all), out.toString(), err.toString());
    }

    @Test
    void aLimitSpreadsTheEvalSetEvenlyOverItsTasks() throws IOException {
        writeTask("arc", "test", 4);
        writeTask("mbpp", "test", 4);
        writeTask("mbpp", "train", 3);
        ReplayDataset dataset = ReplayDataset.load(dir);

        assertThat(GateCommand.evalSet(dataset, 0))
                .extracting(ReplaySample::sampleId)
                .containsExactly(
                        "arc-test-0",
                        "arc-test-1",
                        "arc-test-2",
                        "arc-test-3",
                        "mbpp-test-0",
                        "mbpp-test-1",
                        "mbpp-test-2",
                        "mbpp-test-3");
        assertThat(GateCommand.evalSet(dataset, 4))
                .extracting(ReplaySample::sampleId)
                .containsExactly("arc-test-0", "arc-test-2", "mbpp-test-0", "mbpp-test-2");
        assertThat(GateCommand.evalSet(dataset, 3))
                .extracting(ReplaySample::sampleId)
                .containsExactly("arc-test-0", "arc-test-2", "mbpp-test-1");
        assertThat(GateCommand.evalSet(dataset, 100)).hasSize(8);
    }

    @Test
    void recordedModelsAreKnownByTheirRecordedNameAndTheirReplayId() throws IOException {
        writeTask("mbpp", "test", 1);

        assertThat(GateCommand.recordedNames(ReplayDataset.load(dir), dir))
                .isEqualTo(Map.of(
                        "gpt-3.5-turbo-1106",
                        "gpt-3.5-turbo-1106",
                        "gpt-3-5-turbo-1106",
                        "gpt-3.5-turbo-1106",
                        "mistralai/mistral-7b-chat",
                        "mistralai/mistral-7b-chat",
                        "mistralai-mistral-7b-chat",
                        "mistralai/mistral-7b-chat"));
    }

    @Test
    void withoutALiveClusterCurrentIsRequired() {
        Run run = gate("--alias", "prod", "--candidate", "gpt-3.5-turbo-1106", "--data", dir.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .contains("Missing --current: name the model prod is bound to now, or pass "
                        + "--bootstrap-servers to read it from the live cluster");
    }

    @Test
    void liveClusterOptionsWithoutBootstrapServersAreAUsageError() {
        Run run = gate(
                "--alias",
                "prod",
                "--candidate",
                "gpt-3.5-turbo-1106",
                "--current",
                "gpt-4-1106-preview",
                "--data",
                dir.toString(),
                "--config",
                LiveGateTest.LIVE_YAML.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required argument").contains("--bootstrap-servers");
    }

    @Test
    void aLiveClusterWithoutItsConfigIsAUsageErrorSayingWhy() {
        Run run = gate(
                "--alias",
                "prod",
                "--candidate",
                "gpt-3.5-turbo-1106",
                "--data",
                dir.toString(),
                "--bootstrap-servers",
                "localhost:1");

        // exit 2 without reaching for the unreachable cluster, which would fail with 1 after a timeout
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .contains("Missing --config: with --bootstrap-servers the gate binds prod to the model of "
                        + "the live cluster's configuration that serves gpt-3.5-turbo-1106, so pass that cluster's routeplane.yaml; "
                        + "the bundled example's models need not be the ones its routers serve");
    }

    @Test
    void aPromotionOnTheReplayPlatformSaysNoClusterChangedAndHowToPromoteOnOne() {
        RouteplaneConfig live = RouteplaneConfig.load(LiveGateTest.LIVE_YAML);
        AliasTopic offline =
                new AliasTopic(Map.of("bootstrap.servers", "localhost:1"), "localhost:1", "http://localhost:1");
        var bound = AliasHistory.fromConfig("staging", "openai", "gpt-4-1106-preview", "1106-preview");
        var written = AliasHistory.rebind(
                bound,
                "staging",
                "openai",
                "gpt-3.5-turbo-1106",
                "1106",
                "gate",
                AliasPromotion.CHANGED_BY,
                Instant.EPOCH);

        String replay = AliasPromotion.onReplayPlatform(
                        offline, live, bound, live.models().get("gpt-35-turbo"))
                .promotedLine(written);
        String cluster = AliasPromotion.onLiveCluster(
                        offline, "kafka-1:9092", live, bound, live.models().get("gpt-35-turbo"))
                .promotedLine(written);

        assertThat(replay)
                .isEqualTo("gate: staging -> gpt-35-turbo (openai/gpt-3.5-turbo-1106, version 1106) is bound "
                        + "on rp.aliases.v1 of the replay platform only, which ends with this command: no cluster changed. To "
                        + "promote on your cluster, run the gate with --bootstrap-servers HOST:PORT and --config FILE, its "
                        + "routeplane.yaml (and --schema-registry-url, --command-config as for 'alias set').");
        assertThat(cluster)
                .isEqualTo("gate: wrote staging -> gpt-35-turbo (openai/gpt-3.5-turbo-1106, version 1106) "
                        + "to rp.aliases.v1 of the live cluster at kafka-1:9092 (1 earlier binding); its routers follow without a "
                        + "restart, 'alias rollback staging' undoes it");
    }

    /** {@code <task>_<split>.csv} with {@code rows} prompts answered by two models. */
    private void writeTask(String task, String split, int rows) throws IOException {
        StringBuilder csv =
                new StringBuilder(",sample_id,prompt,eval_name,gpt-3.5-turbo-1106,mistralai/mistral-7b-chat,"
                        + "gpt-3.5-turbo-1106|model_response,mistralai/mistral-7b-chat|model_response,"
                        + "gpt-3.5-turbo-1106|total_cost,mistralai/mistral-7b-chat|total_cost\n");
        for (int i = 0; i < rows; i++) {
            csv.append(i)
                    .append(',')
                    .append(task)
                    .append('-')
                    .append(split)
                    .append('-')
                    .append(i)
                    .append(",\"['")
                    .append(task)
                    .append(" prompt ")
                    .append(split)
                    .append(' ')
                    .append(i)
                    .append("']\",")
                    .append(task)
                    .append(",1.0,0.0,\"['yes']\",\"['no']\",0.001,0.0001\n");
        }
        Files.writeString(dir.resolve(task + "_" + split + ".csv"), csv);
    }
}
