package dev.routeplane.router.internal;

import dev.routeplane.config.DataClass;
import dev.routeplane.config.QualityTier;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.RouterSettings;
import dev.routeplane.config.Tenant;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.ToolSpec;
import dev.routeplane.router.Rejection;
import dev.routeplane.router.RequestValidator;
import dev.routeplane.router.Shadows;
import dev.routeplane.schemas.ReasonCodes;
import dev.routeplane.schemas.RequestSize;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Contract checks, cheapest first: schema, tenant, messages, prompt size in bytes, the whole request's size in bytes
 * (tool definitions and metadata count: they travel in the routed task). Tools are checked against the tenant's
 * policy ({@code ToolPolicy}) once the request's trusted approvals are looked up; the token limit after
 * classification, which counts tokens anyway.
 */
public final class DefaultRequestValidator implements RequestValidator {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    private static final Set<String> DATA_CLASSES = lowerCase(DataClass.values(), DataClass::configName);
    private static final Set<String> QUALITY_TIERS = lowerCase(QualityTier.values(), QualityTier::configName);

    private final RouteplaneConfig config;
    private final RouterSettings settings;

    public DefaultRequestValidator(RouteplaneConfig config) {
        this.config = config;
        this.settings = config.router();
    }

    @Override
    public Optional<Rejection> validate(RouteRequest request) {
        String schemaProblem = schemaProblem(request);
        if (schemaProblem != null) {
            return reject(ReasonCodes.SCHEMA_INVALID, schemaProblem);
        }
        Tenant tenant = config.tenants().get(request.getTenantId());
        if (tenant == null) {
            return reject(
                    ReasonCodes.UNKNOWN_TENANT,
                    "tenant '" + request.getTenantId()
                            + "' is not configured; add it under tenants: in routeplane.yaml or fix the request's tenantId");
        }
        if (request.getMessages().isEmpty()) {
            return reject(
                    ReasonCodes.EMPTY_MESSAGES,
                    "request " + request.getRequestId() + " has no messages; send at least one user message");
        }
        long bytes = promptBytesOver(request.getMessages(), settings.maxPromptBytes());
        if (bytes > 0) {
            return reject(
                    ReasonCodes.PROMPT_TOO_LARGE,
                    "prompt is " + bytes + " bytes, above router.maxPromptBytes " + settings.maxPromptBytes()
                            + "; split the input or summarise it first");
        }
        long requestBytes = RequestSize.over(request, settings.maxRequestBytes());
        if (requestBytes > 0) {
            return reject(
                    ReasonCodes.REQUEST_TOO_LARGE, RequestSize.tooLarge(requestBytes, settings.maxRequestBytes()));
        }
        return Optional.empty();
    }

    /**
     * The UTF-8 size of all message contents if it may exceed {@code limit}, else -1. A char is at most three UTF-8
     * bytes (a surrogate pair is four for two chars), so three bytes per char bounds the size without reading the
     * text; only a prompt above a third of the limit in chars is counted exactly, a pass over every char the
     * classifier would otherwise add to its own.
     */
    static long promptBytesOver(List<ChatMessage> messages, long limit) {
        long chars = 0;
        for (ChatMessage m : messages) {
            chars += m.getContent().length();
        }
        if (3 * chars <= limit) {
            return -1;
        }
        long bytes = promptBytes(messages);
        return bytes > limit ? bytes : -1;
    }

    /** UTF-8 size of all message contents, without encoding them. */
    static long promptBytes(List<ChatMessage> messages) {
        long bytes = 0;
        for (ChatMessage m : messages) {
            String s = m.getContent();
            for (int i = 0, n = s.length(); i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    bytes += 1;
                } else if (c < 0x800) {
                    bytes += 2;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 4;
                    i++;
                } else {
                    bytes += 3;
                }
            }
        }
        return bytes;
    }

    private static String schemaProblem(RouteRequest request) {
        if (isBlank(request.getRequestId())) {
            return "requestId is missing or blank; set a client idempotency key unique per tenant";
        }
        if (Shadows.isShadowId(request.getRequestId())) {
            return "requestId '" + request.getRequestId() + "' ends in '" + Shadows.SUFFIX
                    + "', which names the router's " + "shadow calls; use another id";
        }
        if (isBlank(request.getTenantId())) {
            return "tenantId is missing or blank in request " + request.getRequestId();
        }
        List<ChatMessage> messages = request.getMessages();
        for (int i = 0; i < messages.size(); i++) {
            String role = messages.get(i).getRole();
            if (role == null || !ROLES.contains(role.toLowerCase(Locale.ROOT))) {
                return "messages[" + i + "].role '" + role + "' is not one of " + ROLES;
            }
        }
        RequestHints hints = request.getHints();
        if (hints.getMaxCostMicros() != null && hints.getMaxCostMicros() < 0) {
            return "hints.maxCostMicros is " + hints.getMaxCostMicros() + "; it must be 0 or more";
        }
        if (hints.getDeadlineMs() != null && hints.getDeadlineMs() <= 0) {
            return "hints.deadlineMs is " + hints.getDeadlineMs() + "; it must be positive";
        }
        if (hints.getMaxOutputTokens() != null && hints.getMaxOutputTokens() < 1) {
            return "hints.maxOutputTokens is " + hints.getMaxOutputTokens() + "; it must be at least 1";
        }
        // A misspelt data class must not silently lower protection, so unlike the task type it is not lenient.
        if (hints.getDataClass() != null
                && !DATA_CLASSES.contains(hints.getDataClass().toLowerCase(Locale.ROOT))) {
            return "hints.dataClass '" + hints.getDataClass() + "' is not one of " + DATA_CLASSES;
        }
        if (hints.getQualityTier() != null
                && !QUALITY_TIERS.contains(hints.getQualityTier().toLowerCase(Locale.ROOT))) {
            return "hints.qualityTier '" + hints.getQualityTier() + "' is not one of " + QUALITY_TIERS;
        }
        List<ToolSpec> tools = hints.getTools();
        for (int i = 0; i < tools.size(); i++) {
            if (isBlank(tools.get(i).getName())) {
                return "hints.tools[" + i + "].name is blank";
            }
        }
        return null;
    }

    /** The vocabulary's names in lower case, in the enum's order (so error messages list them stably). */
    private static <E extends Enum<E>> Set<String> lowerCase(E[] values, Function<E, String> name) {
        Set<String> names = new LinkedHashSet<>();
        for (E v : values) {
            names.add(name.apply(v).toLowerCase(Locale.ROOT));
        }
        return Collections.unmodifiableSet(names);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static Optional<Rejection> reject(String code, String detail) {
        return Optional.of(new Rejection(code, detail));
    }
}
