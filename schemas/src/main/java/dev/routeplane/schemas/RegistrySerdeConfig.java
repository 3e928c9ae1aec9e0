package dev.routeplane.schemas;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * Serde and registry client settings, read from ordinary Kafka client properties. The property names are
 * Confluent's, so a configuration written for {@code io.confluent.kafka.serializers.KafkaAvroSerializer}
 * works unchanged with Routeplane's serde and vice versa.
 *
 * @param registryUrls {@value #SCHEMA_REGISTRY_URL}: one or more base URLs, comma-separated; tried in order
 * @param autoRegisterSchemas {@value #AUTO_REGISTER_SCHEMAS} (default true)
 * @param useLatestVersion {@value #USE_LATEST_VERSION} (default false)
 * @param specificAvroReader {@value #SPECIFIC_AVRO_READER} (default true)
 * @param basicAuthUserInfo {@value #BASIC_AUTH_USER_INFO} as {@code user:password}, if set
 * @param keyType {@value #SPECIFIC_AVRO_KEY_TYPE}: class name keys are read into, if set
 * @param valueType {@value #SPECIFIC_AVRO_VALUE_TYPE}: class name values are read into, if set
 */
public record RegistrySerdeConfig(
        List<URI> registryUrls,
        boolean autoRegisterSchemas,
        boolean useLatestVersion,
        boolean specificAvroReader,
        Optional<String> basicAuthUserInfo,
        Optional<String> keyType,
        Optional<String> valueType) {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";

    public RegistrySerdeConfig {
        registryUrls = List.copyOf(registryUrls);
    }

    /**
     * Reads the settings. The registry URL is optional here because a serde may be given a client directly;
     * {@link HttpSchemaRegistryClient#fromConfig} requires it.
     *
     * @throws ConfigException naming the property when a value is malformed
     */
    public static RegistrySerdeConfig from(Map<String, ?> configs) {
        String source = string(configs, BASIC_AUTH_CREDENTIALS_SOURCE)
                .orElse("USER_INFO")
                .toUpperCase(Locale.ROOT);
        if (!source.equals("USER_INFO") && !source.equals("URL")) {
            throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source, "supported values are USER_INFO and URL");
        }
        return new RegistrySerdeConfig(
                urls(configs),
                bool(configs, AUTO_REGISTER_SCHEMAS, true),
                bool(configs, USE_LATEST_VERSION, false),
                bool(configs, SPECIFIC_AVRO_READER, true),
                source.equals("USER_INFO") ? string(configs, BASIC_AUTH_USER_INFO) : Optional.empty(),
                className(configs, SPECIFIC_AVRO_KEY_TYPE),
                className(configs, SPECIFIC_AVRO_VALUE_TYPE));
    }

    private static List<URI> urls(Map<String, ?> configs) {
        Object raw = configs.get(SCHEMA_REGISTRY_URL);
        if (raw == null) {
            return List.of();
        }
        List<String> parts = raw instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : Arrays.asList(String.valueOf(raw).split(","));
        return parts.stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> {
                    try {
                        URI uri = URI.create(s);
                        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                            throw new IllegalArgumentException("scheme must be http or https");
                        }
                        return uri;
                    } catch (IllegalArgumentException e) {
                        // The message deliberately omits the value: the URL may embed credentials.
                        throw new ConfigException(
                                SCHEMA_REGISTRY_URL + " has an entry that is not an absolute http(s) URL;"
                                        + " expected e.g. http://localhost:8081");
                    }
                })
                .toList();
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
        Object raw = configs.get(key);
        if (raw == null) {
            return fallback;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        String s = raw.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new ConfigException(key, raw, "expected true or false");
    }

    private static Optional<String> string(Map<String, ?> configs, String key) {
        Object raw = configs.get(key);
        return raw == null || raw.toString().isBlank()
                ? Optional.empty()
                : Optional.of(raw.toString().trim());
    }

    private static Optional<String> className(Map<String, ?> configs, String key) {
        Object raw = configs.get(key);
        return raw instanceof Class<?> c ? Optional.of(c.getName()) : string(configs, key);
    }

    @Override
    public String toString() {
        // Never print credentials.
        return "RegistrySerdeConfig[registryUrls="
                + registryUrls.stream().map(RegistrySerdeConfig::redacted).toList()
                + ", autoRegisterSchemas=" + autoRegisterSchemas + ", useLatestVersion=" + useLatestVersion
                + ", specificAvroReader=" + specificAvroReader + ", basicAuth=" + basicAuthUserInfo.isPresent()
                + ", keyType=" + keyType.orElse("-") + ", valueType=" + valueType.orElse("-") + "]";
    }

    /** The URL with any user info removed, safe to log. */
    static String redacted(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
