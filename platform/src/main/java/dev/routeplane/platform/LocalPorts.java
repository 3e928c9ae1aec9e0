package dev.routeplane.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers bound to the loopback interface whose port must be known before they start: Kafka's controller
 * (the quorum voter string names it), or a broker a test stops and starts again on the same port.
 *
 * <p>A port is picked below the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}) when there is room:
 * the kernel gives ports of that range to every outgoing connection and every "port 0" bind, so a port taken from it
 * and released until the server binds it could meanwhile become the local port of any client socket on the machine,
 * which made integration tests running side by side fail with "port already in use". Below the range only another
 * caller picking the same way can take it.
 */
public final class LocalPorts {
    /** Lowest port picked; ports below are left to well-known services. */
    static final int LOWEST = 10_000;

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Linux's default ephemeral range starts here. */
    private static final int DEFAULT_EPHEMERAL_START = 32_768;

    private LocalPorts() {}

    /** A port that was free a moment ago, below the ephemeral range when there is room (else any free port). */
    public static int freePort() {
        int below = ephemeralStart() - 1;
        if (below - LOWEST >= 1_000) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < 100; i++) {
                int port = LOWEST + random.nextInt(below - LOWEST + 1);
                if (isFree(port)) {
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free local port available: " + e.getMessage(), e);
        }
    }

    /** Whether a server could bind {@code port} on localhost right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code requested}, or a free port when it is 0. */
    public static int resolve(int requested) {
        return requested == 0 ? freePort() : requested;
    }

    /** The first port of the kernel's ephemeral range; Linux's default where it cannot be read. */
    static int ephemeralStart() {
        try {
            // Read line by line: procfs reports a size of 0, and Files.readString then returns only the first byte.
            String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START;
        }
    }
}
