package dev.routeplane.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.schemas.internal.RegistryJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * {@link SchemaRegistryClient} over the Confluent REST API using {@link HttpClient}. Thread-safe.
 *
 * <p>Schema ids are immutable in every compatible registry, so id → schema and (subject, schema) → id are
 * cached for the life of the client; {@link #latest} and {@link #testCompatibility} always ask the registry.
 * With several base URLs, a URL that cannot be reached is skipped and the next one tried. Credentials come
 * from {@code basic.auth.user.info} or the URL's user info and never appear in exception messages.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final List<URI> baseUrls;
    private final Optional<String> authorization;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final ConcurrentMap<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {}

    /**
     * @param baseUrls registry base URLs, tried in order; user info in a URL is used for basic auth
     * @param basicAuthUserInfo {@code user:password}, or null to use the URL's user info (if any)
     * @param requestTimeout connect and per-request timeout
     */
    public HttpSchemaRegistryClient(List<URI> baseUrls, String basicAuthUserInfo, Duration requestTimeout) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("At least one schema registry URL is required");
        }
        List<URI> stripped = new ArrayList<>();
        String userInfo = basicAuthUserInfo;
        for (URI url : baseUrls) {
            if (userInfo == null && url.getRawUserInfo() != null) {
                userInfo = url.getUserInfo();
            }
            stripped.add(URI.create(RegistrySerdeConfig.redacted(url).replaceAll("/+$", "")));
        }
        this.baseUrls = List.copyOf(stripped);
        this.authorization = Optional.ofNullable(userInfo)
                .map(info -> "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    /**
     * A client configured from serde properties ({@code schema.registry.url}, {@code basic.auth.user.info}).
     *
     * @throws ConfigException if {@code schema.registry.url} is missing or malformed
     */
    public static HttpSchemaRegistryClient fromConfig(Map<String, ?> configs) {
        RegistrySerdeConfig config = RegistrySerdeConfig.from(configs);
        if (config.registryUrls().isEmpty()) {
            throw new ConfigException("Missing required property " + RegistrySerdeConfig.SCHEMA_REGISTRY_URL
                    + " (e.g. http://localhost:8081)");
        }
        return new HttpSchemaRegistryClient(
                config.registryUrls(), config.basicAuthUserInfo().orElse(null), DEFAULT_TIMEOUT);
    }

    @Override
    public int register(String subject, Schema schema) {
        // Not computeIfAbsent: that would hold a map lock during the HTTP call. A rare duplicate call is
        // harmless because registering an already registered schema returns the same id.
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        String path = "/subjects/" + encode(subject) + "/versions";
        int id = RegistryJson.id("POST " + path, send("POST", path, RegistryJson.schemaBody(schema)));
        schemasById.putIfAbsent(id, schema);
        idsBySubjectSchema.putIfAbsent(key, id);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String path = "/schemas/ids/" + id;
        Schema schema = RegistryJson.schema("GET " + path, send("GET", path, null));
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced == null ? schema : raced;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        String path = "/subjects/" + encode(subject) + "/versions/latest";
        return remember(RegistryJson.registered("GET " + path, send("GET", path, null)));
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        String path = "/subjects/" + encode(subject);
        RegisteredSchema found =
                RegistryJson.registered("POST " + path, send("POST", path, RegistryJson.schemaBody(schema)));
        idsBySubjectSchema.putIfAbsent(new SubjectSchema(subject, schema), found.id());
        return remember(found);
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        String path = "/compatibility/subjects/" + encode(subject) + "/versions/latest";
        try {
            return RegistryJson.isCompatible("POST " + path, send("POST", path, RegistryJson.schemaBody(schema)));
        } catch (SchemaRegistryException e) {
            // Registries answer 404 for a subject with no versions; a first schema is always compatible.
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public List<String> subjects() {
        return RegistryJson.strings("GET /subjects", send("GET", "/subjects", null));
    }

    private RegisteredSchema remember(RegisteredSchema registered) {
        schemasById.putIfAbsent(registered.id(), registered.schema());
        return registered;
    }

    private JsonNode send(String method, String path, String body) {
        String call = method + " " + path;
        IOException lastFailure = null;
        for (URI base : baseUrls) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(requestTimeout)
                    .header("Accept", CONTENT_TYPE + ", application/json");
            authorization.ifPresent(value -> request.header("Authorization", value));
            if (body == null) {
                request.GET();
            } else {
                request.header("Content-Type", CONTENT_TYPE)
                        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                lastFailure = e; // unreachable or timed out: try the next URL
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(
                        SchemaRegistryException.NO_RESPONSE,
                        SchemaRegistryException.NO_RESPONSE,
                        "Interrupted during schema registry " + call,
                        e);
            }
            if (response.statusCode() / 100 != 2) {
                throw RegistryJson.error(call + " at " + base, response.statusCode(), response.body());
            }
            return RegistryJson.parse(call, response.body());
        }
        throw new SchemaRegistryException(
                SchemaRegistryException.NO_RESPONSE,
                SchemaRegistryException.NO_RESPONSE,
                "Schema registry unreachable for " + call + " at " + baseUrls + ": " + describe(lastFailure)
                        + "; check " + RegistrySerdeConfig.SCHEMA_REGISTRY_URL + " and that the registry is running",
                lastFailure);
    }

    private static String describe(IOException e) {
        if (e == null) {
            return "no URL configured";
        }
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + " " + e.getMessage();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient" + baseUrls;
    }
}
