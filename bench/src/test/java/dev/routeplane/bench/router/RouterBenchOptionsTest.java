package dev.routeplane.bench.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RouterBenchOptionsTest {

    @Test
    void defaultsAreFiftyThousandRequestsOfOneToFourKilobytesOnSixPartitions() {
        RouterBenchOptions o = RouterBenchOptions.defaults();

        assertThat(o.requests()).isEqualTo(50_000);
        assertThat(o.minPromptBytes()).isEqualTo(1_024);
        assertThat(o.maxPromptBytes()).isEqualTo(4_096);
        assertThat(o.partitions()).isEqualTo(6);
        assertThat(o.warmupRequests()).isEqualTo(30_000);
        assertThat(o.rounds()).isEqualTo(2);
        assertThat(o.dataDir()).isNull();
    }

    @Test
    void parsesEveryOptionInAnyOrder() {
        RouterBenchOptions o = RouterBenchOptions.parse(
                "--max-prompt-bytes",
                "8192",
                "--requests",
                "10_000",
                "--min-prompt-bytes",
                "5000",
                "--partitions",
                "2",
                "--warmup-requests",
                "0",
                "--rounds",
                "1",
                "--seed",
                "7",
                "--data-dir",
                "/tmp/x");

        assertThat(o).isEqualTo(new RouterBenchOptions(10_000, 5_000, 8_192, 2, 0, 1, 7L, Path.of("/tmp/x")));
    }

    @Test
    void rejectsAValueOutOfRangeNamingTheOption() {
        assertThatThrownBy(() -> RouterBenchOptions.defaults().withRequests(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--requests must be between 1 and 10,000,000, got 0");
        assertThatThrownBy(() -> RouterBenchOptions.parse("--partitions", "0"))
                .hasMessage("--partitions must be between 1 and 64, got 0");
    }

    @Test
    void rejectsAMaximumPromptSizeBelowTheMinimum() {
        assertThatThrownBy(() -> RouterBenchOptions.parse("--min-prompt-bytes", "5000"))
                .hasMessage("--max-prompt-bytes must be between --min-prompt-bytes (5000) and 524288, got 4096");
    }

    @Test
    void rejectsUnknownOptionsAndNonNumbersByName() {
        assertThatThrownBy(() -> RouterBenchOptions.parse("--requets", "5"))
                .hasMessageStartingWith("unknown option --requets; known: --requests");
        assertThatThrownBy(() -> RouterBenchOptions.parse("--requests", "many"))
                .hasMessage("--requests must be a whole number, got 'many'");
        assertThatThrownBy(() -> RouterBenchOptions.parse("--requests")).hasMessage("option --requests needs a value");
    }
}
