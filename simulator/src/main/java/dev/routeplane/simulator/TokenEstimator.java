package dev.routeplane.simulator;

/**
 * The simulator's deterministic token estimate: whitespace-separated words × 1.3, rounded half up, at least 1 for
 * non-blank text. The router counts with a real tokenizer; the simulator only needs to be deterministic and
 * plausible, and its usage numbers are what it bills.
 */
final class TokenEstimator {

    private TokenEstimator() {}

    static int words(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }

    /** round(words × 1.3), HALF_UP, in integer arithmetic; minimum 1 unless the text has no words. */
    static int tokens(String text) {
        int words = words(text);
        if (words == 0) {
            return 0;
        }
        return Math.max(1, (int) ((words * 13L + 5) / 10));
    }
}
