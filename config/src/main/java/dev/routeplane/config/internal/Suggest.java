package dev.routeplane.config.internal;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" hints: most config errors are typos one or two keystrokes from a valid name. */
final class Suggest {
    private Suggest() {}

    /** The closest candidate within a small edit distance, if any. */
    static Optional<String> closest(String given, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(given.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int tolerance = Math.max(1, Math.min(3, given.length() / 3));
        return bestDistance <= tolerance ? Optional.of(best) : Optional.empty();
    }

    /** " did you mean 'x'?" or empty, ready to append after a sentence ending in ';'. */
    static String hint(String given, Collection<String> candidates) {
        return closest(given, candidates).map(c -> " did you mean '" + c + "'?").orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
