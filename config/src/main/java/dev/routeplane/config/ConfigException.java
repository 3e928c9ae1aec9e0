package dev.routeplane.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration file that cannot be used. Carries every problem found, not just the first, so an operator
 * fixes the file in one pass; the message has one {@code <source>: <path>: <what>} line per error.
 */
public final class ConfigException extends RuntimeException {
    private final String source;
    private final List<ConfigError> errors;

    /**
     * @param source the file or resource name each message line starts with
     * @param errors at least one
     */
    public ConfigException(String source, List<ConfigError> errors) {
        super(render(source, errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    /** The file (or classpath resource) that was being loaded. */
    public String source() {
        return source;
    }

    /** Every error, in document order of discovery. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String render(String source, List<ConfigError> errors) {
        return errors.stream().map(e -> e.format(source)).collect(Collectors.joining("\n"));
    }
}
