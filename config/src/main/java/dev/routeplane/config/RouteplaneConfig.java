package dev.routeplane.config;

import dev.routeplane.config.internal.ConfigLoader;
import dev.routeplane.config.internal.ConfiguredPriceBook;
import dev.routeplane.config.internal.Copies;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code routeplane.yaml} configures, loaded once at start and validated as a whole: a file with
 * any problem is rejected with a {@link ConfigException} listing all of them. Immutable and thread-safe.
 *
 * @param router    router limits and defaults
 * @param providers provider id → provider, in file order
 * @param models    model id → model, in file order
 * @param aliases   alias → model id: the initial bindings; live rebindings come from the alias topic
 * @param lanes     routing rules in order; first match wins; the last is the catch-all
 * @param tenants   tenant id → tenant, in file order
 */
public record RouteplaneConfig(
        RouterSettings router,
        Map<String, Provider> providers,
        Map<String, Model> models,
        Map<String, String> aliases,
        List<Lane> lanes,
        Map<String, Tenant> tenants) {

    /** The classpath resource {@link #defaults()} reads. */
    public static final String BUNDLED_RESOURCE = "/routeplane.yaml";

    public RouteplaneConfig {
        Objects.requireNonNull(router, "router");
        providers = Copies.orderedMap(providers);
        models = Copies.orderedMap(models);
        aliases = Copies.orderedMap(aliases);
        lanes = Copies.list(lanes);
        tenants = Copies.orderedMap(tenants);
    }

    /**
     * Loads and validates a file; errors are prefixed with {@code file} as given.
     *
     * @throws ConfigException if the file cannot be read or has any problem
     */
    public static RouteplaneConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ConfigLoader.unreadable(file.toString(), e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses and validates YAML text.
     *
     * @param sourceName names the text in error messages, normally the file name
     * @throws ConfigException listing every problem
     */
    public static RouteplaneConfig parse(String yamlText, String sourceName) {
        return ConfigLoader.parse(yamlText, sourceName);
    }

    /** The documented example bundled in this module ({@value #BUNDLED_RESOURCE} on the classpath). */
    public static RouteplaneConfig defaults() {
        try (InputStream in = RouteplaneConfig.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + BUNDLED_RESOURCE + " is missing");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + BUNDLED_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prices of the configured models. */
    public PriceBook priceBook() {
        return new ConfiguredPriceBook(models);
    }

    /** The model named by a model id or by an alias (through its initial binding). */
    public Optional<Model> resolveModel(String modelOrAlias) {
        return Optional.ofNullable(models.get(aliases.getOrDefault(modelOrAlias, modelOrAlias)));
    }
}
