package dev.routeplane.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Resolves {@code env:} references from an environment and {@code file:} references from the file system.
 * Thread-safe; reads on every call so a rotated key file is picked up without a restart.
 */
public final class EnvAndFileSecretResolver implements SecretResolver {
    private final Function<String, String> environment;

    /**
     * @param environment looks up an environment variable, returning null when unset; tests pass a map's
     *                    {@code get} instead of touching the real process environment
     */
    public EnvAndFileSecretResolver(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** A resolver over the real process environment ({@link System#getenv(String)}). */
    public static EnvAndFileSecretResolver system() {
        return new EnvAndFileSecretResolver(System::getenv);
    }

    @Override
    public String resolve(SecretRef ref) {
        return switch (ref.kind()) {
            case ENV -> fromEnv(ref);
            case FILE -> fromFile(ref);
        };
    }

    private String fromEnv(SecretRef ref) {
        String value = environment.apply(ref.location());
        if (value == null) {
            throw new SecretResolutionException(
                    ref,
                    "environment variable " + ref.location()
                            + " is not set; export it in the environment of the Routeplane process");
        }
        if (value.isBlank()) {
            throw new SecretResolutionException(
                    ref, "environment variable " + ref.location() + " is set but empty; give it the key's value");
        }
        return value.strip();
    }

    private String fromFile(SecretRef ref) {
        Path path = Path.of(ref.location());
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SecretResolutionException(
                    ref, "secret file " + path + " does not exist; create it or" + " fix the path");
        } catch (IOException | SecurityException e) {
            // The cause's message comes from the file system (path, errno), never from the content.
            throw new SecretResolutionException(
                    ref,
                    "secret file " + path + " cannot be read: " + e.getClass().getSimpleName(),
                    e);
        }
        // Secret files conventionally end with a newline that is not part of the key.
        String secret = content.strip();
        if (secret.isEmpty()) {
            throw new SecretResolutionException(ref, "secret file " + path + " is empty; write the key into it");
        }
        return secret;
    }
}
