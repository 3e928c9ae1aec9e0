package dev.routeplane.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.RouteplaneConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos run, small and seeded, in {@code mvn verify}: every service its own process (the compose command lines),
 * each killed with SIGKILL once and restarted, the broker killed and restarted, the registry unreachable for 10 s,
 * malformed, oversized and unknown-tenant records among the requests, a provider outage; then the reconciliation
 * against the topics and the simulator's records. A failure prints the whole run (faults with their times, the seed)
 * so it replays with {@code ./routeplane chaos --requests 160 --seed 7 --bad-records 16 --window 40}.
 *
 * <p>What it asserts: no request without a terminal result and none with two, the ledger equal to the providers'
 * invoice (a call answered just before its executor was SIGKILLed is settled from the provider's usage record, see
 * {@code CallSettlementProcessor}; the run waits up to 90 s for that), no budget overshoot, no policy violation, every
 * service killed and the broker restarted. Long calls past the record lock are left out here to keep the run short;
 * {@code routeplane chaos} runs them.
 */
class ChaosIT {
    @TempDir
    Path dir;

    @Test
    void everyRequestEndsWithinBudgetAndPolicyThroughKillsABrokerRestartAndARegistryOutage() throws Exception {
        ChaosRun.Settings settings = new ChaosRun.Settings(
                160, // requests
                7, // seed
                16, // bad records
                Duration.ofSeconds(40),
                0, // extra kills: every service is killed once anyway
                Duration.ofSeconds(420),
                0.25,
                0.0, // long calls: see the class comment
                22_500,
                15_000,
                "anthropic",
                0.02,
                7);
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        ChaosReport report;
        try (PrintStream out = new PrintStream(transcript, true, StandardCharsets.UTF_8)) {
            ChaosRun run = new ChaosRun(
                    settings,
                    RouteplaneConfig.defaults(),
                    dir.resolve("data"),
                    Path.of("target", "chaos-it-logs"),
                    out);
            report = run.run("chaos-it");
        }
        String log = transcript.toString(StandardCharsets.UTF_8);

        String why = report.line() + "\nthe run:\n" + log;
        System.out.println(log);
        System.out.println(report.line());
        assertThat(report.requests()).as(why).isEqualTo(176);
        assertThat(report.lost()).as(why).isZero();
        assertThat(report.duplicates()).as(why).isZero();
        assertThat(report.ledgerMicros()).as(why).isEqualTo(report.invoiceMicros());
        assertThat(report.overshootMicros()).as(why).isZero();
        assertThat(report.policyViolations()).as(why).isZero();
        assertThat(report.kills()).as(why).isGreaterThanOrEqualTo(6);
        assertThat(report.brokerRestarts()).as(why).isEqualTo(1);
    }
}
