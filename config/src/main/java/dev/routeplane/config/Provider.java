package dev.routeplane.config;

import dev.routeplane.config.internal.Copies;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An LLM provider endpoint (the {@code providers:} section).
 *
 * @param id           {@code [a-z0-9-]+}; also names its executor topic {@code rp.exec.<id>.v1}
 * @param kind         wire protocol
 * @param baseUrl      http(s) base URL of the API; the demo overrides it with the simulator's URL
 * @param region       where requests are processed, e.g. {@code us-east}, {@code eu-west}, {@code local}
 * @param sovereignty  who controls the infrastructure
 * @param trainsOnData whether the provider may train on request data; required in YAML, never defaulted
 * @param keyProfiles  at least one, ids unique
 * @param batchApi     the provider's own batch API, when it has one and the configuration allows its use
 */
public record Provider(
        String id,
        ProviderKind kind,
        URI baseUrl,
        String region,
        Sovereignty sovereignty,
        boolean trainsOnData,
        List<KeyProfile> keyProfiles,
        Optional<ProviderBatchApi> batchApi) {

    /** A provider whose batch API Routeplane does not use. */
    public Provider(
            String id,
            ProviderKind kind,
            URI baseUrl,
            String region,
            Sovereignty sovereignty,
            boolean trainsOnData,
            List<KeyProfile> keyProfiles) {
        this(id, kind, baseUrl, region, sovereignty, trainsOnData, keyProfiles, Optional.empty());
    }

    public Provider {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(sovereignty, "sovereignty");
        keyProfiles = Copies.list(keyProfiles);
        Objects.requireNonNull(batchApi, "batchApi");
    }

    /** The executor topic name for this provider, with the given prefix (normally {@code rp}). */
    public String execTopic(String prefix) {
        return prefix + ".exec." + id + ".v1";
    }
}
