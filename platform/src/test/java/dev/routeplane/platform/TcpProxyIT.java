package dev.routeplane.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The registry outage of a chaos run: a relay that refuses and resets while cut, and relays again once restored. */
class TcpProxyIT {

    @Test
    void relaysUntilCutRefusesWhileCutAndRelaysAgainOnTheSamePortOnceRestored() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> echoLoop(echo));
            server.setDaemon(true);
            server.start();
            try (TcpProxy proxy = new TcpProxy(0, echo.getLocalPort())) {
                assertThat(roundTrip(proxy.port(), "before")).isEqualTo("before");

                proxy.cut();
                assertThatThrownBy(() -> roundTrip(proxy.port(), "during")).isInstanceOf(ConnectException.class);

                proxy.restore();
                assertThat(roundTrip(proxy.port(), "after")).isEqualTo("after");
            }
        }
    }

    private static String roundTrip(int port, String text) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    private static void echoLoop(ServerSocket echo) {
        while (!echo.isClosed()) {
            try (Socket s = echo.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                for (int c = in.read(); c >= 0; c = in.read()) {
                    out.write(c);
                    if (c == '\n') {
                        out.flush();
                        break;
                    }
                }
            } catch (IOException e) {
                return;
            }
        }
    }
}
