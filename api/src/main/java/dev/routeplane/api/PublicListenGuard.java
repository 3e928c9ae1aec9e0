package dev.routeplane.api;

import dev.routeplane.api.TenantAuthenticator.WeakKey;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a service that authenticates tenants (the API, {@code ledger serve}) may listen: on a loopback address
 * always; on any other address only when no demo key is on and every tenant key is set and strong, because anyone
 * who reaches such an address can present a demo key ({@code rp-demo-<tenant>}, public by design) or guess a weak
 * one. The refusal names every tenant and key at fault and the environment variable or file that sets it.
 */
public final class PublicListenGuard {
    /** The address a service listens on when none is given: loopback with demo keys, else every interface. */
    public static String defaultHost(TenantAuthenticator authenticator) {
        return authenticator.demoMode() ? "127.0.0.1" : "0.0.0.0";
    }

    private PublicListenGuard() {}

    /**
     * Returns normally when {@code service} may listen on {@code host} with these keys.
     *
     * @throws UnsafeListenException naming every problem and what to set, when it may not
     */
    public static void check(String service, String host, TenantAuthenticator authenticator) {
        if (isLoopback(host)) {
            return;
        }
        List<String> problems = new ArrayList<>();
        if (authenticator.demoMode()) {
            problems.add("demo keys are on (--demo-keys): rp-demo-<tenant> is public; remove --demo-keys");
        }
        for (WeakKey weak : authenticator.weakKeys()) {
            problems.add("tenant " + weak.tenantId() + ": key " + weak.keyId() + " " + weak.problem());
        }
        if (!problems.isEmpty()) {
            throw new UnsafeListenException(service + " refuses to listen on " + host
                    + ", an address other machines may reach, while anyone there could call as a tenant:\n  - "
                    + String.join("\n  - ", problems)
                    + "\nGive every tenant its own key, or listen on loopback only (bind address 127.0.0.1).");
        }
    }

    /** Whether {@code host} names this machine's loopback interface only (127.0.0.0/8, ::1, localhost). */
    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // the bind will fail anyway; never treat an unknown name as safe
        }
    }

    /** A service was asked to listen where strangers could call it with a public or weak tenant key. */
    public static final class UnsafeListenException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnsafeListenException(String message) {
            super(message);
        }
    }
}
