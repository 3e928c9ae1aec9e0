package dev.routeplane.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.config.KeyProfile;
import dev.routeplane.config.LatencyClass;
import dev.routeplane.config.Provider;
import dev.routeplane.config.ProviderBatchApi;
import dev.routeplane.config.ProviderKind;
import dev.routeplane.config.SecretRef;
import dev.routeplane.config.Sovereignty;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code providers:}: endpoints, where they run, and their key profiles. */
final class ProvidersSection {
    private ProvidersSection() {}

    static Parsed<Provider> parse(YamlMap root) {
        Problems problems = root.problems();
        Set<String> declared = new LinkedHashSet<>();
        Map<String, Provider> built = new LinkedHashMap<>();
        List<YamlMap.Item> entries = root.entries("providers", true);
        if (entries.isEmpty() && root.get("providers") != null) {
            problems.add("providers", "declare at least one provider");
        }
        for (YamlMap.Item entry : entries) {
            declared.add(entry.key());
            int mark = problems.count();
            // Provider ids become Kafka topic names rp.exec.<id>.v1, hence the strict character set.
            String id = Scalars.checkId(entry.key(), entry.path(), "provider id", problems);
            YamlMap p = YamlMap.of(entry.node(), entry.path(), problems);
            if (p == null) {
                continue;
            }
            ProviderKind kind =
                    p.requiredEnum("kind", "provider kind", ProviderKind.values(), ProviderKind::configName);
            JsonNode urlNode = p.require("baseUrl");
            URI baseUrl = urlNode == null ? null : Scalars.httpUrl(urlNode, p.path("baseUrl"), problems);
            JsonNode regionNode = p.require("region");
            String region = regionNode == null ? null : Scalars.id(regionNode, p.path("region"), "region", problems);
            Sovereignty sovereignty =
                    p.requiredEnum("sovereignty", "sovereignty", Sovereignty.values(), Sovereignty::configName);
            // No default: assuming "false" would quietly send no-training traffic to a provider that trains.
            Boolean trainsOnData = p.requiredBoolean("trainsOnData");
            List<KeyProfile> profiles = keyProfiles(p, sovereignty);
            Optional<ProviderBatchApi> batchApi = batchApi(p, kind);
            p.rejectUnknownKeys();
            if (problems.count() == mark) {
                built.put(id, new Provider(id, kind, baseUrl, region, sovereignty, trainsOnData, profiles, batchApi));
            }
        }
        return new Parsed<>(declared, built);
    }

    /**
     * {@code batchApi:} — present (even empty, {@code batchApi: {}}) when the provider's own batch API may be used;
     * each limit defaults to the kind's documented one.
     */
    private static Optional<ProviderBatchApi> batchApi(YamlMap provider, ProviderKind kind) {
        if (provider.get("batchApi") == null) {
            return Optional.empty();
        }
        YamlMap b = provider.child("batchApi", false);
        if (b == null || kind == null) {
            return Optional.empty();
        }
        ProviderBatchApi defaults = ProviderBatchApi.defaultsFor(kind);
        long requests = b.integerOr("maxRequestsPerBatch", defaults.maxRequestsPerBatch(), 1, Integer.MAX_VALUE);
        long bytes = b.integerOr("maxBytesPerBatch", defaults.maxBytesPerBatch(), 1, Long.MAX_VALUE);
        long turnaround = b.integerOr("turnaroundMs", defaults.turnaroundMs(), 1_000, 7L * 86_400_000);
        b.rejectUnknownKeys();
        return Optional.of(new ProviderBatchApi((int) requests, bytes, turnaround));
    }

    private static List<KeyProfile> keyProfiles(YamlMap provider, Sovereignty sovereignty) {
        Problems problems = provider.problems();
        List<YamlMap.Item> items = provider.list("keyProfiles", true);
        if (items.isEmpty() && provider.get("keyProfiles") != null) {
            problems.add(
                    provider.path("keyProfiles"),
                    "declare at least one key profile; rate limits are" + " enforced per profile");
        }
        List<KeyProfile> profiles = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YamlMap.Item item : items) {
            int mark = problems.count();
            YamlMap k = YamlMap.of(item.node(), item.path(), problems);
            if (k == null) {
                continue;
            }
            JsonNode idNode = k.require("id");
            String id = idNode == null ? null : Scalars.id(idNode, k.path("id"), "key profile id", problems);
            if (id != null && !ids.add(id)) {
                problems.add(k.path("id"), "key profile id '" + id + "' is used twice in this provider");
            }
            Optional<SecretRef> apiKey = apiKey(k, sovereignty);
            Long rpm = k.requiredInteger("rpm", 1, Integer.MAX_VALUE);
            Long tpm = k.requiredInteger("tpm", 1, Long.MAX_VALUE);
            Long maxInFlight = k.requiredInteger("maxInFlight", 1, Integer.MAX_VALUE);
            Set<LatencyClass> classes =
                    k.enumSet("latencyClasses", "latency class", LatencyClass.values(), LatencyClass::name);
            JsonNode classesNode = k.get("latencyClasses");
            if (classesNode != null && classesNode.isArray() && classesNode.isEmpty()) {
                problems.add(
                        k.path("latencyClasses"),
                        "list at least one of INTERACTIVE, BACKGROUND, BATCH, or leave latencyClasses out"
                                + " for a key that serves every class");
            }
            k.rejectUnknownKeys();
            if (problems.count() == mark) {
                profiles.add(new KeyProfile(id, apiKey, rpm.intValue(), tpm, maxInFlight.intValue(), classes));
            }
        }
        if (profiles.size() == items.size()) {
            for (LatencyClass latencyClass : LatencyClass.values()) {
                if (!profiles.isEmpty() && profiles.stream().noneMatch(p -> p.serves(latencyClass))) {
                    // Requests of that class routed here could never be called.
                    problems.add(
                            provider.path("keyProfiles"),
                            "no key profile serves " + latencyClass.name() + " requests; add it to a profile's"
                                    + " latencyClasses, or leave latencyClasses out of a profile to serve every class");
                }
            }
        }
        return profiles;
    }

    private static Optional<SecretRef> apiKey(YamlMap profile, Sovereignty sovereignty) {
        Problems problems = profile.problems();
        JsonNode env = profile.get("apiKeyEnv");
        JsonNode file = profile.get("apiKeyFile");
        if (env != null && file != null) {
            problems.add(profile.path(), "set either apiKeyEnv or apiKeyFile, not both");
            return Optional.empty();
        }
        if (env != null) {
            // Never echo the value: a mistaken paste of the key itself would otherwise land in logs.
            if (!env.isTextual() || !SecretRef.isValidEnvName(env.textValue())) {
                problems.add(
                        profile.path("apiKeyEnv"),
                        "is not a valid environment variable name"
                                + " ([A-Za-z_][A-Za-z0-9_]*); it names the variable that holds the key, never the key itself");
                return Optional.empty();
            }
            return Optional.of(SecretRef.env(env.textValue()));
        }
        if (file != null) {
            if (!file.isTextual() || file.textValue().isBlank()) {
                problems.add(profile.path("apiKeyFile"), "expected the path of a file holding the key");
                return Optional.empty();
            }
            return Optional.of(SecretRef.file(file.textValue()));
        }
        if (sovereignty != null && sovereignty != Sovereignty.LOCAL && sovereignty != Sovereignty.SELF_HOSTED) {
            problems.add(
                    profile.path(),
                    "no key: set apiKeyEnv or apiKeyFile (only local and self-hosted" + " providers may be keyless)");
        }
        return Optional.empty();
    }
}
