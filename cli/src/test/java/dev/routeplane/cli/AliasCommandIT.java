package dev.routeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.Model;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.AliasHistoryEntry;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code alias set|rollback|list} against a real broker and registry. */
class AliasCommandIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    private static final Topics TOPICS = Topics.defaults();

    @BeforeAll
    static void topics() throws Exception {
        try (Admin admin = Admin.create(platform.adminConfig())) {
            new TopicBootstrapper(admin).ensure(TOPICS.all(List.of()));
        }
    }

    record Run(int exit, String out, String err) {}

    static Run alias(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new AliasCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--bootstrap-servers", platform.bootstrapServers(), "--schema-registry-url", platform.registryUrl()));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void setThenRollbackLeavesTheBindingsWithTheirHistory() {
        RouteplaneConfig config = RouteplaneConfig.defaults();
        Model gpt4o = config.models().get("gpt-4o");
        Model sonnet = config.models().get("claude-sonnet-4");

        Run set = alias("set", "prod-stable", "claude-sonnet-4", "--reason", "eval win");
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out()).contains("alias prod-stable -> claude-sonnet-4");

        Run rollback = alias("rollback", "prod-stable");
        assertThat(rollback.exit()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("rolled back to gpt-4o");

        List<AliasBinding> bindings = SubmitCommandIT.readAll(platform, TOPICS.aliases()).stream()
                .filter(r -> "prod-stable".equals(r.key()))
                .map(ConsumerRecord::value)
                .toList();
        assertThat(bindings).hasSize(2);
        AliasBinding first = bindings.get(0);
        assertThat(first.getAlias()).isEqualTo("prod-stable");
        assertThat(first.getProvider()).isEqualTo(sonnet.provider());
        assertThat(first.getModel()).isEqualTo(sonnet.providerModel());
        assertThat(first.getVersion()).isEqualTo(sonnet.version());
        assertThat(first.getReason()).isEqualTo("eval win");
        assertThat(first.getPrevious()).hasSize(1);
        AliasHistoryEntry configured = first.getPrevious().get(0);
        assertThat(configured.getProvider()).isEqualTo(gpt4o.provider());
        assertThat(configured.getModel()).isEqualTo(gpt4o.providerModel());
        assertThat(configured.getBoundAt()).isEqualTo(Instant.EPOCH);

        AliasBinding second = bindings.get(1);
        assertThat(second.getProvider()).isEqualTo(gpt4o.provider());
        assertThat(second.getModel()).isEqualTo(gpt4o.providerModel());
        assertThat(second.getReason()).isEqualTo("rollback");
        assertThat(second.getPrevious()).isNull();
        assertThat(second.getBoundAt()).isAfterOrEqualTo(first.getBoundAt());

        Run list = alias("list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out())
                .containsPattern("prod-stable +gpt-4o .*rp\\.aliases\\.v1")
                .containsPattern("prod-cheap +gpt-4o-mini .*routeplane\\.yaml");

        Run nothingEarlier = alias("rollback", "prod-stable");
        assertThat(nothingEarlier.exit()).isEqualTo(1);
        assertThat(nothingEarlier.err()).contains("alias 'prod-stable' has no earlier binding");
    }

    @Test
    void anUnknownModelIsNamed() {
        Run run = alias("set", "prod-stable", "gpt-9");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("MODEL 'gpt-9' is not a model");
    }
}
