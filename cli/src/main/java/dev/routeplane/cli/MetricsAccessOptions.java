package dev.routeplane.cli;

import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.config.SecretRef;
import dev.routeplane.config.SecretResolutionException;
import dev.routeplane.runtime.MetricsAccess;
import picocli.CommandLine.Option;

/**
 * Who may read {@code /metrics}, on {@code --metrics-port} and on the API's port: {@code --metrics-loopback}
 * and {@code --metrics-token}. Shared by every command that serves metrics.
 */
public final class MetricsAccessOptions {

    @Option(
            names = "--metrics-loopback",
            description = "Serve /metrics to this machine only: --metrics-port binds 127.0.0.1, and the API's"
                    + " /metrics answers loopback clients only (default: every interface).")
    boolean loopback;

    @Option(
            names = "--metrics-token",
            paramLabel = "env:NAME|file:PATH",
            description = "Require 'Authorization: Bearer <token>' on /metrics, the token read from the environment"
                    + " variable or file named (e.g. a mounted secret); Prometheus sends it with"
                    + " authorization.credentials_file (default: no token).")
    String token;

    /** The access these options describe; the token is read now, so a missing one fails the start. */
    MetricsAccess access() {
        if (token == null) {
            return new MetricsAccess(loopback, null);
        }
        SecretRef ref;
        if (token.startsWith("env:")) {
            ref = SecretRef.env(token.substring("env:".length()));
        } else if (token.startsWith("file:")) {
            ref = SecretRef.file(token.substring("file:".length()));
        } else {
            // Not echoing the value: a token pasted here by mistake must not reach a log.
            throw new IllegalArgumentException(
                    "--metrics-token must name where the token is, env:NAME or file:PATH, not the token itself");
        }
        try {
            return new MetricsAccess(loopback, EnvAndFileSecretResolver.system().resolve(ref));
        } catch (SecretResolutionException e) {
            throw new IllegalArgumentException("--metrics-token " + ref + ": " + e.getMessage(), e);
        }
    }
}
