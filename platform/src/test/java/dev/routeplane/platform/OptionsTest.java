package dev.routeplane.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsMatchWhatKafkaAndRegistryClientsExpect() {
        PlatformOptions platform = PlatformOptions.of(Path.of(".routeplane/data"));
        RegistryOptions registry = RegistryOptions.of("localhost:9092");

        assertThat(platform.kafkaPort()).isEqualTo(9092);
        assertThat(platform.registryPort()).isEqualTo(8081);
        assertThat(BrokerOptions.of(Path.of("d")).port()).isEqualTo(9092);
        assertThat(registry.topic()).isEqualTo("_schemas");
        assertThat(registry.port()).isEqualTo(8081);
    }

    @Test
    void rejectsPortsOutsideTheValidRangeNamingTheOption() {
        assertThatThrownBy(
                        () -> BrokerOptions.builder(Path.of("d")).port(70_000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port")
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> PlatformOptions.of(Path.of("d")).withPorts(9092, -1))
                .hasMessageContaining("registryPort");
        assertThatThrownBy(() -> RegistryOptions.of("x").withTimeout(Duration.ZERO))
                .hasMessageContaining("timeout");
    }

    @Test
    void overridesAreCopiedSoLaterChangesDoNotLeakIn() {
        Map<String, String> overrides = new HashMap<>(Map.of("num.partitions", "3"));
        BrokerOptions options =
                BrokerOptions.builder(Path.of("d")).overrides(overrides).build();

        overrides.put("num.partitions", "9");

        assertThat(options.overrides()).containsExactly(Map.entry("num.partitions", "3"));
    }
}
