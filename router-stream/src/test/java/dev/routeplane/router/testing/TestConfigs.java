package dev.routeplane.router.testing;

import dev.routeplane.config.Budget;
import dev.routeplane.config.BudgetPeriod;
import dev.routeplane.config.DataClass;
import dev.routeplane.config.DataClassRule;
import dev.routeplane.config.PolicyTag;
import dev.routeplane.config.QualityTier;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.RouterSettings;
import dev.routeplane.config.Tenant;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The bundled example configuration with test-specific router settings and extra tenants. */
public final class TestConfigs {
    private TestConfigs() {}

    public static RouteplaneConfig bundled() {
        return RouteplaneConfig.defaults();
    }

    /**
     * The bundled config with one exact piece of its YAML text replaced (the piece must occur in it).
     *
     * @param what names the variant in validation errors
     */
    public static RouteplaneConfig bundledWith(String find, String replacement, String what) {
        String yaml;
        try (InputStream in = RouteplaneConfig.class.getResourceAsStream(RouteplaneConfig.BUNDLED_RESOURCE)) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!yaml.contains(find)) {
            throw new IllegalArgumentException("the bundled routeplane.yaml has no '" + find + "' to replace");
        }
        return RouteplaneConfig.parse(yaml.replace(find, replacement), "bundled routeplane.yaml " + what);
    }

    /** The bundled config with {@code explorationShare} replaced. */
    public static RouteplaneConfig withExploration(RouteplaneConfig c, double share) {
        RouterSettings r = c.router();
        return withRouter(
                c,
                new RouterSettings(
                        r.maxPromptBytes(),
                        r.maxRequestBytes(),
                        r.maxPromptTokens(),
                        r.defaultMaxOutputTokens(),
                        r.defaultDeadlineMs(),
                        r.maxToolCalls(),
                        share,
                        r.statsMaxAgeMs(),
                        r.minSamplesForStats()));
    }

    public static RouteplaneConfig withPromptLimits(RouteplaneConfig c, long maxBytes, int maxTokens) {
        RouterSettings r = c.router();
        return withRouter(
                c,
                new RouterSettings(
                        maxBytes,
                        r.maxRequestBytes(),
                        maxTokens,
                        r.defaultMaxOutputTokens(),
                        r.defaultDeadlineMs(),
                        r.maxToolCalls(),
                        r.explorationShare(),
                        r.statsMaxAgeMs(),
                        r.minSamplesForStats()));
    }

    public static RouteplaneConfig withRouter(RouteplaneConfig c, RouterSettings settings) {
        return new RouteplaneConfig(settings, c.providers(), c.models(), c.aliases(), c.lanes(), c.tenants());
    }

    public static RouteplaneConfig withTenants(RouteplaneConfig c, Tenant... extra) {
        Map<String, Tenant> tenants = new LinkedHashMap<>(c.tenants());
        for (Tenant t : extra) {
            tenants.put(t.id(), t);
        }
        return new RouteplaneConfig(c.router(), c.providers(), c.models(), c.aliases(), c.lanes(), tenants);
    }

    /** A tenant with a monthly budget and the given restrictions; no tools. */
    public static Tenant tenant(
            String id,
            long limitMicros,
            Set<String> providers,
            Set<String> regions,
            Map<DataClass, DataClassRule> rules,
            Set<PolicyTag> tags,
            QualityTier tier) {
        return new Tenant(
                id,
                id,
                new Budget(BudgetPeriod.MONTHLY, limitMicros),
                providers,
                regions,
                rules,
                tags,
                Set.of(),
                Set.of(),
                tier,
                List.of(),
                Map.of());
    }

    /** Only OpenAI, standard tier: in the code lane that leaves gpt-4o (via prod-stable) as the only route. */
    public static Tenant openAiOnly(String id, long limitMicros) {
        return tenant(id, limitMicros, Set.of("openai"), Set.of(), Map.of(), Set.of(), QualityTier.STANDARD);
    }
}
