package dev.routeplane.bench.executor;

import java.util.Objects;

/**
 * Options of {@link ExecutorLoadRun}.
 *
 * @param bootstrapServers Kafka to use (the bench module starts the embedded platform and passes it here)
 * @param registryUrl      schema registry URL
 * @param latencyMs        fixed simulator latency per call
 * @param rateLimitRpm     the simulated provider's requests per minute, also the key profile's configured rpm
 * @param requests         tasks to run
 * @param maxInFlight      the worker's in-flight cap
 */
public record ExecutorLoadOptions(
        String bootstrapServers, String registryUrl, long latencyMs, int rateLimitRpm, int requests, int maxInFlight) {
    public ExecutorLoadOptions {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registryUrl, "registryUrl");
        if (latencyMs < 0 || rateLimitRpm <= 0 || requests <= 0 || maxInFlight <= 0) {
            throw new IllegalArgumentException("latencyMs >= 0, rateLimitRpm, requests and maxInFlight > 0 required");
        }
    }

    /** The benchmark: 2,000 ms latency, 60,000 rpm, 4,000 in flight. */
    public static ExecutorLoadOptions of(String bootstrapServers, String registryUrl, int requests) {
        return new ExecutorLoadOptions(bootstrapServers, registryUrl, 2_000, 60_000, requests, 4_000);
    }
}
