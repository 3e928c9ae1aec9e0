package dev.routeplane.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Who may read a service's {@code /metrics}. Metrics hold ids and counts, never prompt text or keys, but they
 * do say which tenants call which models how often: a deployment that exposes its ports can keep them to the
 * machine ({@code loopbackOnly}) or to scrapers holding a bearer token, or both.
 *
 * @param loopbackOnly a dedicated metrics port binds 127.0.0.1 only; on the API's port, where other paths must
 *     stay reachable, {@code /metrics} answers only connections from a loopback address
 * @param token when not null, a scrape must send {@code Authorization: Bearer <token>} (Prometheus:
 *     {@code authorization: {credentials_file: ...}}); compared in constant time
 */
public record MetricsAccess(boolean loopbackOnly, String token) {

    public MetricsAccess {
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("a metrics token must not be blank");
        }
    }

    /** Anyone who reaches the port may scrape: the default, as before these options existed. */
    public static MetricsAccess open() {
        return new MetricsAccess(false, null);
    }

    /** The address a dedicated metrics port binds: loopback, or every interface. */
    public String bindAddress() {
        return loopbackOnly ? "127.0.0.1" : "0.0.0.0";
    }

    /** Whether a connection from {@code remoteAddress} may be answered at all (it may still need the token). */
    public boolean admitsPeer(String remoteAddress) {
        if (!loopbackOnly) {
            return true;
        }
        try {
            return remoteAddress != null && InetAddress.getByName(remoteAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether an {@code Authorization} header value carries the token; always true when no token is set. */
    public boolean admitsCredentials(String authorization) {
        if (token == null) {
            return true;
        }
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip()
                : "";
        return MessageDigest.isEqual(sha256(presented), sha256(token));
    }

    @Override
    public String toString() {
        // Never the token itself.
        return "MetricsAccess[loopbackOnly=" + loopbackOnly + ", token=" + (token == null ? "none" : "set") + "]";
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
