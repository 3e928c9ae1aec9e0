package dev.routeplane.executors.internal;

import dev.routeplane.config.SecretRef;
import dev.routeplane.config.SecretResolutionException;
import dev.routeplane.config.SecretResolver;
import dev.routeplane.executors.ApiKey;
import dev.routeplane.executors.ErrorKind;
import dev.routeplane.executors.ProviderCallException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves key references at call time, caching each for a minute so a file-mounted key is not re-read a thousand
 * times a second yet a rotated key is picked up soon. Failures become a permanent {@link ProviderCallException}
 * whose message names the reference (variable or file), never a value. Thread-safe.
 */
final class KeyResolver {
    private static final Duration TTL = Duration.ofSeconds(60);

    private record Cached(ApiKey key, Instant expires) {}

    private final SecretResolver resolver;
    private final Clock clock;
    private final Map<SecretRef, Cached> cache = new ConcurrentHashMap<>();

    KeyResolver(SecretResolver resolver, Clock clock) {
        this.resolver = resolver;
        this.clock = clock;
    }

    /** The key for {@code ref}; {@code who} names the profile or tenant in the error. */
    ApiKey resolve(SecretRef ref, String who) {
        Instant now = clock.instant();
        Cached cached = cache.get(ref);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.key();
        }
        try {
            ApiKey key = ApiKey.of(resolver.resolve(ref));
            cache.put(ref, new Cached(key, now.plus(TTL)));
            return key;
        } catch (SecretResolutionException | IllegalArgumentException e) {
            throw new ProviderCallException(
                    ErrorKind.PERMANENT,
                    ProviderCallException.CLIENT_ERROR,
                    0,
                    null,
                    "API key of " + who + " (" + ref + ") is unavailable: " + safeMessage(e));
        }
    }

    private static String safeMessage(RuntimeException e) {
        // SecretResolver implementations promise key-free messages; a blank-key IllegalArgumentException is ours.
        return e instanceof SecretResolutionException ? e.getMessage() : "the key is blank";
    }
}
