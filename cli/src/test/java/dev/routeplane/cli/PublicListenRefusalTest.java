package dev.routeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The services that authenticate tenants refuse, before they touch Kafka (port 1 here: nothing listens there), to
 * listen where other machines reach them while demo keys are on or a tenant has no key. Runs the commands exactly as
 * a user would, with the bundled configuration and this process's environment.
 */
class PublicListenRefusalTest {
    private static final List<String> CLUSTER =
            List.of("--bootstrap-servers", "localhost:1", "--schema-registry-url", "http://localhost:1");

    @BeforeAll
    static void noTenantKeysInThisEnvironment() {
        assumeTrue(System.getenv("RP_KEY_ACME") == null, "RP_KEY_ACME is set in this environment");
    }

    private record Run(int exitCode, String err) {}

    private static Run run(List<String> words) {
        StringWriter err = new StringWriter();
        CommandLine cli = RouteplaneCli.newCommandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int code = cli.execute(words.toArray(String[]::new));
        return new Run(code, err.toString());
    }

    private static List<String> command(List<String> head, String... more) {
        List<String> words = new java.util.ArrayList<>(head);
        words.addAll(CLUSTER);
        words.addAll(List.of(more));
        return words;
    }

    @Test
    void apiRefusesDemoKeysOnEveryInterface() {
        Run run = run(command(List.of("api"), "--demo-keys", "--bind-address", "0.0.0.0", "--port", "0"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains("routeplane api: the API refuses to listen on 0.0.0.0")
                .contains("demo keys are on (--demo-keys)")
                .contains("tenant acme: key acme-main is not available: environment variable RP_KEY_ACME is not set")
                .contains("tenant initech: key initech-main is not available: secret file /run/secrets/rp-key-initech");
    }

    @Test
    void ledgerServeRefusesEveryInterfaceByDefaultWhileATenantHasNoKey() {
        Run run = run(command(List.of("ledger", "serve"), "--port", "0"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains("routeplane ledger serve: the ledger refuses to listen on 0.0.0.0")
                .contains("environment variable RP_KEY_GLOBEX_EU is not set")
                .contains("secret file /run/secrets/rp-key-initech does not exist")
                .doesNotContain("--demo-keys)");
    }
}
