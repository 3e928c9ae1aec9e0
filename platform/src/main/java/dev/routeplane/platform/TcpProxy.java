package dev.routeplane.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on a fixed local port in front of another local port, which can be cut (listening socket and every
 * relayed connection closed: connects are refused, open connections reset) and restored on the same port. It makes a
 * server, e.g. the schema registry, unreachable to every client without touching the server, the way a network
 * partition does: what the chaos run and the outage tests put in front of the registry.
 *
 * <p>Hand-written because it is thirty lines of sockets; the libraries that do this (Toxiproxy) are separate servers.
 * Thread-per-direction, which is plenty for the few keep-alive connections a schema registry sees. Thread-safe.
 */
public final class TcpProxy implements AutoCloseable {
    private final int port;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile Thread acceptor;

    /** Listens on {@code port} (0 = a free one) and relays to {@code localhost:targetPort}. */
    public TcpProxy(int port, int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.port = listen(port);
    }

    public int port() {
        return port;
    }

    /** Closes the listening socket and every relayed connection; clients get refusals until {@link #restore}. */
    public synchronized void cut() throws IOException {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            s.close();
            // A thread blocked in accept() keeps the listening socket alive in the kernel until it returns, and may
            // still accept a connection made meanwhile: only once it has ended are connects refused.
            Thread t = acceptor;
            if (t != null) {
                try {
                    t.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    /** Listens again on the same port. */
    public synchronized void restore() throws IOException {
        if (server == null) {
            listen(port);
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private int listen(int onPort) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
        server = s;
        Thread accept = new Thread(() -> acceptLoop(s), "registry-proxy-accept");
        accept.setDaemon(true);
        acceptor = accept;
        accept.start();
        return s.getLocalPort();
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException e) {
                return; // cut
            }
            if (server != s) { // accepted while being cut
                closeQuietly(client);
                return;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            open.add(client);
            open.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // either side closed or the proxy was cut
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "registry-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
