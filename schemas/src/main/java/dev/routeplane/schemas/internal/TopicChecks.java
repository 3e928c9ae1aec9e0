package dev.routeplane.schemas.internal;

import dev.routeplane.schemas.TopicConfigMismatchException;
import dev.routeplane.schemas.TopicSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Pure comparison of a topic spec with what the broker reports, kept apart from Admin calls for testing. */
public final class TopicChecks {
    private TopicChecks() {}

    /**
     * Throws if the actual cleanup policy is not exactly the spec's. {@code compact,delete} does not satisfy
     * {@code compact}: deletion would expire table entries such as alias bindings.
     */
    public static void requireCleanupPolicy(TopicSpec<?> spec, String actualPolicy) {
        Set<String> actual = normalize(actualPolicy);
        if (!actual.equals(Set.of(spec.cleanupPolicy().configValue()))) {
            throw new TopicConfigMismatchException(
                    spec.name(), spec.cleanupPolicy().configValue(), String.join(",", actual));
        }
    }

    /** A warning when the partition count differs; co-partitioned joins need equal counts. */
    public static Optional<String> partitionWarning(TopicSpec<?> spec, int actualPartitions) {
        if (actualPartitions == spec.partitions()) {
            return Optional.empty();
        }
        return Optional.of("Topic " + spec.name() + " has " + actualPartitions + " partitions, expected "
                + spec.partitions() + "; tenant-keyed topics must all have the same count to stay co-partitioned");
    }

    private static Set<String> normalize(String policy) {
        if (policy == null || policy.isBlank()) {
            return Set.of("delete"); // Kafka's default when unset
        }
        return Arrays.stream(policy.split(","))
                .map(p -> p.trim().toLowerCase(Locale.ROOT))
                .filter(p -> !p.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
