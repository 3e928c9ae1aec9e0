package dev.routeplane.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class LocalPortsTest {
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
