package dev.routeplane.config.internal;

import dev.routeplane.config.ConfigError;
import java.util.ArrayList;
import java.util.List;

/** Collects every error of one load, so the operator sees all of them at once. */
final class Problems {
    private final List<ConfigError> errors = new ArrayList<>();

    void add(String path, String message) {
        errors.add(new ConfigError(path.isEmpty() ? "(document)" : path, message));
    }

    /** A mark to compare with later: an item whose parse added errors is not built. */
    int count() {
        return errors.size();
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    List<ConfigError> list() {
        return List.copyOf(errors);
    }
}
