package dev.routeplane.config.internal;

import java.util.Map;
import java.util.Set;

/**
 * A section's outcome: every id the file declares, and the items that parsed cleanly. Later sections check
 * references against the declared ids, so one broken provider does not also produce an "unknown provider"
 * error at every model that uses it.
 */
record Parsed<T>(Set<String> declared, Map<String, T> built) {

    /** True when every declared item was built, so checks that need whole records can run. */
    boolean complete() {
        return declared.size() == built.size();
    }
}
