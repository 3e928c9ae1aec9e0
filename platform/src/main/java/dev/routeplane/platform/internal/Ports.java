package dev.routeplane.platform.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port helpers for servers bound to the loopback interface. */
public final class Ports {
    private Ports() {}

    /**
     * A port that was free a moment ago. Kafka's controller needs its port before it starts (the quorum
     * voter string names it), so "0 = any port" has to be resolved up front; the small race with other
     * processes is accepted for tests and local use.
     */
    public static int freePort() {
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
}
