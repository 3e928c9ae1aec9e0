package dev.routeplane.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalPortsTest {
    @Test
    void readsTheKernelsEphemeralRange() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        assumeTrue(Files.exists(range), "no " + range + " here");
        String first = new String(Files.newInputStream(range).readAllBytes(), StandardCharsets.US_ASCII)
                .trim()
                .split("\\s+")[0];

        assertThat(LocalPorts.ephemeralStart()).isEqualTo(Integer.parseInt(first));
    }

    @Test
    void aFreePortIsBelowTheEphemeralRangeAndCanBeBound() throws Exception {
        int ephemeralStart = LocalPorts.ephemeralStart();
        for (int i = 0; i < 20; i++) {
            int port = LocalPorts.freePort();
            if (ephemeralStart - 1 - LocalPorts.LOWEST >= 1_000) {
                assertThat(port).isBetween(LocalPorts.LOWEST, ephemeralStart - 1);
            }
            try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(server.getLocalPort()).isEqualTo(port);
                assertThat(LocalPorts.isFree(port)).as("bound now").isFalse();
            }
        }
    }

    @Test
    void zeroResolvesToAFreePortAndAnyOtherPortToItself() {
        assertThat(LocalPorts.resolve(0)).isPositive();
        assertThat(LocalPorts.resolve(12_345)).isEqualTo(12_345);
    }
}
