package dev.routeplane.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher every multi-process test uses: a routeplane command in its own JVM, killed and restarted. */
class ServiceProcessIT {
    @TempDir
    Path dir;

    private ServiceProcess.Spec simulator(Path log) {
        return new ServiceProcess.Spec(
                "simulator",
                List.of("simulator", "--port", "0"),
                Pattern.compile("routeplane simulator on .* port"),
                List.of("-Xmx128m"),
                Map.of(),
                log);
    }

    @Test
    void startsACommandUntilItsReadyLineKillsItAndStartsItAgainAppendingToTheSameLog() throws Exception {
        Path log = dir.resolve("logs/simulator.log");
        ServiceProcess first = ServiceProcess.start(simulator(log), Duration.ofSeconds(120));
        long firstPid = first.pid();

        first.kill();
        ServiceProcess second = first.restart(Duration.ofSeconds(120));
        try {
            assertThat(first.alive()).isFalse();
            assertThat(second.alive()).isTrue();
            assertThat(second.pid()).isNotEqualTo(firstPid);
            assertThat(Files.readString(log).split("routeplane simulator on ", -1))
                    .hasSize(3);
            assertThat(ServiceProcess.command(second.spec()))
                    .endsWith("dev.routeplane.cli.RouteplaneCli", "simulator", "--port", "0");
        } finally {
            second.stop(Duration.ofSeconds(10));
        }
        assertThat(second.alive()).isFalse();
    }

    @Test
    void reportsACommandThatExitsBeforeItIsReadyWithTheEndOfItsLog() {
        ServiceProcess.Spec bad = new ServiceProcess.Spec(
                "bad",
                List.of("simulator", "--long-calls", "2"),
                Pattern.compile("never printed"),
                List.of("-Xmx128m"),
                Map.of(),
                dir.resolve("bad.log"));

        assertThatThrownBy(() -> ServiceProcess.start(bad, Duration.ofSeconds(60)))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("bad exited with code")
                .hasMessageContaining("--long-calls must be between 0 and 1");
    }
}
