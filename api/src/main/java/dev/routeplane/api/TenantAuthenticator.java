package dev.routeplane.api;

import dev.routeplane.config.ApiKeyRef;
import dev.routeplane.config.ApiKeyRole;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.SecretRef;
import dev.routeplane.config.SecretResolutionException;
import dev.routeplane.config.SecretResolver;
import dev.routeplane.config.Tenant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps {@code Authorization: Bearer <key>} to the tenant that owns the key. Keys are resolved once, at
 * construction, from each tenant's {@code apiKeys} secret references; only their SHA-256 digests are kept.
 *
 * <p>Comparison is constant-time: the presented key is hashed (so its length does not matter) and compared
 * with {@link MessageDigest#isEqual} against every known key without stopping at a match, so response time
 * says nothing about how close a guess was or which tenant it hit. Key values never appear in logs or
 * errors; the key's configured id does.
 *
 * <p><b>Demo keys.</b> With {@code demoKeys = true}, a tenant key whose environment variable or file is absent
 * is replaced by the public, deterministic key {@code rp-demo-<tenantId>} ({@link #demoKey}), so the embedded
 * demo platform works with no setup; {@code routeplane up} prints them ({@link #demoKeysInUse()}). Anyone can
 * compute these keys: never enable demo keys for an API reachable by others. With {@code demoKeys = false}
 * (production) an unresolvable key is skipped with a warning naming its id and where it was looked for, and
 * that key cannot authenticate.
 *
 * <p><b>Weak keys.</b> Every key that a stranger could present is listed by {@link #weakKeys()}: one that is not
 * set (and, with demo keys, replaced by the public demo key), one shorter than {@value #MIN_KEY_LENGTH}
 * characters, and one whose value is a demo key. {@link PublicListenGuard} refuses to serve on an address other
 * machines reach while any is listed.
 *
 * <p>Immutable and thread-safe.
 */
public final class TenantAuthenticator {
    /** Prefix of demo keys; the tenant id follows. */
    public static final String DEMO_KEY_PREFIX = "rp-demo-";

    private static final Logger LOG = LoggerFactory.getLogger(TenantAuthenticator.class);
    private static final String BEARER = "bearer ";

    /** Keys shorter than this are weak: guessable by anyone who can try keys fast enough. */
    public static final int MIN_KEY_LENGTH = 16;

    /**
     * An authenticated caller: the tenant, the id of the key it presented (safe to log) and that key's roles.
     */
    public record Caller(String tenantId, String keyId, Set<ApiKeyRole> roles) {
        public Caller {
            roles = Set.copyOf(roles);
        }

        /** A caller whose key has no role beyond sending requests. */
        public Caller(String tenantId, String keyId) {
            this(tenantId, keyId, Set.of());
        }

        /** Whether the caller's key has {@code role}. */
        public boolean has(ApiKeyRole role) {
            return roles.contains(role);
        }
    }

    /**
     * A configured key that does not keep strangers out, with where it is set and why (never its value).
     *
     * @param tenantId the tenant whose key it is
     * @param keyId    the key's configured id
     * @param secret   the environment variable or file that should hold it
     * @param problem  what is wrong, e.g. "is not set" with the resolver's explanation
     */
    public record WeakKey(String tenantId, String keyId, SecretRef secret, String problem) {}

    private record KnownKey(String tenantId, String keyId, Set<ApiKeyRole> roles, byte[] digest) {}

    private final List<KnownKey> keys;
    private final List<WeakKey> weakKeys;
    private final Map<String, String> demoKeysInUse;
    private final boolean demoMode;

    /**
     * @param tenants the configured tenants
     * @param resolver reads the keys' secret references
     * @param demoKeys whether absent keys become public demo keys; only for the embedded demo platform
     * @throws IllegalArgumentException if two tenants resolve to the same key value (naming the key ids only)
     */
    public TenantAuthenticator(Collection<Tenant> tenants, SecretResolver resolver, boolean demoKeys) {
        Objects.requireNonNull(resolver, "resolver");
        this.demoMode = demoKeys;
        List<KnownKey> known = new ArrayList<>();
        List<WeakKey> weak = new ArrayList<>();
        Map<String, String> demo = new LinkedHashMap<>();
        for (Tenant tenant : tenants) {
            for (ApiKeyRef ref : tenant.apiKeys()) {
                String value = resolve(tenant.id(), ref, resolver, weak, demo);
                if (value != null) {
                    add(known, new KnownKey(tenant.id(), ref.id(), ref.roles(), sha256(value)));
                }
            }
        }
        this.keys = List.copyOf(known);
        this.weakKeys = List.copyOf(weak);
        this.demoKeysInUse = Map.copyOf(demo);
    }

    /**
     * The value of one key: its secret, else (in demo mode, once per tenant) the tenant's demo key, else null. Keys
     * a stranger could present go to {@code weak}.
     */
    private String resolve(
            String tenantId, ApiKeyRef ref, SecretResolver resolver, List<WeakKey> weak, Map<String, String> demo) {
        String value;
        try {
            value = resolver.resolve(ref.secret());
        } catch (SecretResolutionException e) {
            weak.add(new WeakKey(
                    tenantId,
                    ref.id(),
                    ref.secret(),
                    "is not available: " + e.getMessage()
                            + (demoMode ? " (the public demo key " + demoKey(tenantId) + " stands in)" : "")));
            if (!demoMode) {
                LOG.warn(
                        "API key {} of tenant {} is not available and cannot authenticate: {}",
                        ref.id(),
                        tenantId,
                        e.getMessage());
                return null;
            }
            if (demo.containsKey(tenantId)) {
                return null; // one demo key per tenant, however many of its keys are absent
            }
            demo.put(tenantId, demoKey(tenantId));
            LOG.info(
                    "API key {} of tenant {} is not set ({}); using the public demo key for tenant {}",
                    ref.id(),
                    tenantId,
                    ref.secret(),
                    tenantId);
            return demoKey(tenantId);
        }
        if (value.startsWith(DEMO_KEY_PREFIX)) {
            weak.add(new WeakKey(
                    tenantId,
                    ref.id(),
                    ref.secret(),
                    "holds a public demo key (" + DEMO_KEY_PREFIX + "...)" + renew(ref)));
        } else if (value.length() < MIN_KEY_LENGTH) {
            weak.add(new WeakKey(
                    tenantId,
                    ref.id(),
                    ref.secret(),
                    "is " + value.length() + " characters long, shorter than " + MIN_KEY_LENGTH + renew(ref)));
        }
        return value;
    }

    private static String renew(ApiKeyRef ref) {
        String where = ref.secret().kind() == SecretRef.Kind.ENV
                ? "environment variable " + ref.secret().location()
                : "file " + ref.secret().location();
        return "; put a random key (e.g. openssl rand -hex 24) in " + where;
    }

    /** An authenticator over the config's tenants. */
    public static TenantAuthenticator fromConfig(RouteplaneConfig config, SecretResolver resolver, boolean demoKeys) {
        return new TenantAuthenticator(config.tenants().values(), resolver, demoKeys);
    }

    private static void add(List<KnownKey> known, KnownKey key) {
        for (KnownKey other : known) {
            if (!other.tenantId().equals(key.tenantId()) && MessageDigest.isEqual(other.digest(), key.digest())) {
                throw new IllegalArgumentException(
                        "API keys " + other.keyId() + " (tenant " + other.tenantId() + ") and " + key.keyId()
                                + " (tenant " + key.tenantId() + ") have the same value; give each tenant its own key");
            }
        }
        known.add(key);
    }

    /** The demo key of a tenant: {@code rp-demo-<tenantId>}. Public by design; see the class comment. */
    public static String demoKey(String tenantId) {
        return DEMO_KEY_PREFIX + tenantId;
    }

    /** Tenant id → demo key, for the tenants that got one; empty in production mode. For {@code up} to print. */
    public Map<String, String> demoKeysInUse() {
        return demoKeysInUse;
    }

    /**
     * Keys that do not keep strangers out: unset (replaced by a demo key in demo mode), shorter than
     * {@value #MIN_KEY_LENGTH} characters, or holding a demo key; in configuration order.
     */
    public List<WeakKey> weakKeys() {
        return weakKeys;
    }

    /** Whether this authenticator was built with demo keys enabled. */
    public boolean demoMode() {
        return demoMode;
    }

    /** How many keys can authenticate. */
    public int keyCount() {
        return keys.size();
    }

    /** The caller of an {@code Authorization} header value, or empty if it is missing, malformed or unknown. */
    public Optional<Caller> authenticate(String authorizationHeader) {
        if (authorizationHeader == null
                || authorizationHeader.length() <= BEARER.length()
                || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        byte[] presented = sha256(authorizationHeader.substring(BEARER.length()).strip());
        KnownKey match = null;
        for (KnownKey key : keys) {
            // No early exit: every key is compared whatever the outcome.
            boolean equal = MessageDigest.isEqual(key.digest(), presented);
            match = equal && match == null ? key : match;
        }
        return match == null
                ? Optional.empty()
                : Optional.of(new Caller(match.tenantId(), match.keyId(), match.roles()));
    }

    /**
     * Whether the caller presenting {@code authorizationHeader} may read {@code tenantId}'s data: only its own.
     * Shaped as the ledger's {@code TenantAuthorizer} ({@code new LedgerHttpHandler(queries,
     * authenticator::mayRead)}). False for an unknown tenant too, so a refusal reveals nothing about which
     * tenants exist.
     */
    public boolean mayRead(String authorizationHeader, String tenantId) {
        return authenticate(authorizationHeader)
                .map(caller -> caller.tenantId().equals(tenantId))
                .orElse(false);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
