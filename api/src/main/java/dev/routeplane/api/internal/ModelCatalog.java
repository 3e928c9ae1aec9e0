package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.config.DataClass;
import dev.routeplane.config.DataClassRule;
import dev.routeplane.config.Model;
import dev.routeplane.config.PolicyTag;
import dev.routeplane.config.Provider;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.Tenant;
import dev.routeplane.openai.ChatCompletionJson;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a tenant may put in a chat completion's {@code model}, as OpenAI model objects: {@code auto} (the
 * router chooses), then every alias of routeplane.yaml whose model the tenant's policy admits, then those
 * models themselves by id. A model is admitted when the tenant's provider and region allowlists, its default
 * tags and its rule for {@code PUBLIC} data admit the model's provider ({@link Tenant#allowsProvider},
 * {@link PolicyTag#admits}, {@link DataClassRule#admits}: the router's own checks); a request's content can
 * still narrow that (confidential data, tools, a cost cap), which the router decides per request. Aliases are
 * listed with their configured binding; a re-binding made on {@code rp.aliases.v1} takes effect in routing
 * without changing this list.
 */
public final class ModelCatalog {
    /** Who owns the entries that are Routeplane's own names rather than a provider's model. */
    static final String OWNER = "routeplane";

    private final RouteplaneConfig config;
    private final long startedAt;

    private ModelCatalog(RouteplaneConfig config, Instant startedAt) {
        this.config = Objects.requireNonNull(config, "config");
        this.startedAt = startedAt.getEpochSecond();
    }

    /** @param startedAt the {@code created} time of {@code auto}, which has no date of its own */
    public static ModelCatalog of(RouteplaneConfig config, Instant startedAt) {
        return new ModelCatalog(config, startedAt);
    }

    /** The tenant's entries, in the order described above. An unknown tenant gets {@code auto} only. */
    public List<ObjectNode> list(String tenantId) {
        List<ObjectNode> entries = new ArrayList<>();
        entries.add(entry(ChatCompletionJson.AUTO_MODEL, startedAt, OWNER));
        Tenant tenant = config.tenants().get(tenantId);
        if (tenant == null) {
            return entries;
        }
        for (Map.Entry<String, String> alias : config.aliases().entrySet()) {
            Model model = config.models().get(alias.getValue());
            if (model != null && admits(tenant, model)) {
                ObjectNode entry = entry(alias.getKey(), created(model), OWNER);
                entry.putObject("routeplane").put("alias_of", model.id()).put("provider", model.provider());
                entries.add(entry);
            }
        }
        for (Model model : config.models().values()) {
            if (admits(tenant, model) && !config.aliases().containsKey(model.id())) {
                ObjectNode entry = entry(model.id(), created(model), model.provider());
                entry.putObject("routeplane")
                        .put("provider", model.provider())
                        .put("provider_model", model.providerModel());
                entries.add(entry);
            }
        }
        return entries;
    }

    /** One entry of the tenant's list, by id. */
    public Optional<ObjectNode> find(String tenantId, String id) {
        return list(tenantId).stream()
                .filter(entry -> entry.get("id").asText().equals(id))
                .findFirst();
    }

    private boolean admits(Tenant tenant, Model model) {
        Provider provider = config.providers().get(model.provider());
        if (provider == null || !tenant.allowsProvider(provider)) {
            return false;
        }
        for (PolicyTag tag : tenant.defaultTags()) {
            if (!tag.admits(provider)) {
                return false;
            }
        }
        return tenant.ruleFor(DataClass.PUBLIC)
                .map(rule -> rule.admits(provider))
                .orElse(true);
    }

    /** The day the model's first price took effect: the closest thing to a release date the config has. */
    private static long created(Model model) {
        return model.prices().isEmpty()
                ? 0
                : model.prices().get(0).effectiveFrom().atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    }

    private static ObjectNode entry(String id, long created, String owner) {
        return Json.object()
                .put("id", id)
                .put("object", "model")
                .put("created", created)
                .put("owned_by", owner);
    }
}
