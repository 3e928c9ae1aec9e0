package dev.routeplane.classifier.internal;

import static dev.routeplane.classifier.internal.Chars.atTokenStart;

import dev.routeplane.classifier.DetectionKind;

/**
 * Runs every sensitive-data detector in a single left-to-right pass over a text. Each character is
 * looked at once by a switch; only characters that can start a match (a digit, {@code +}, {@code @},
 * an upper-case letter, a key prefix letter, {@code =}/{@code :}) hand over to a detector, which
 * reports where its match ends so the pass resumes after it. Cost is linear in the text, with no regex
 * and no backtracking. Stateless and thread-safe.
 */
public final class SensitiveDataScanner {

    private SensitiveDataScanner() {
    }

    private static final byte NONE = 0;
    private static final byte NUMBER = 1;
    private static final byte EMAIL = 2;
    private static final byte ASSIGNMENT = 3;
    private static final byte WORD = 4;
    /**
     * What each ASCII character can start; most prompt characters start nothing, and one table load skips
     * them instead of a dozen comparisons. Non-ASCII characters start nothing.
     */
    private static final byte[] STARTS = new byte[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            STARTS[c] = NUMBER;
        }
        STARTS['+'] = NUMBER;
        STARTS['('] = NUMBER;
        STARTS['@'] = EMAIL;
        STARTS['='] = ASSIGNMENT;
        STARTS[':'] = ASSIGNMENT;
        for (char c = 'A'; c <= 'Z'; c++) {
            STARTS[c] = WORD;
        }
        for (char c : new char[] {'s', 'g', 'x', 'e', '-'}) {
            STARTS[c] = WORD;
        }
    }

    /** Adds what {@code text} contains to {@code tally}. */
    public static void scan(String text, DetectionTally tally) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            byte starts = c < 128 ? STARTS[c] : NONE;
            if (starts == NONE) {
                i++;
                continue;
            }
            int next = i + 1;
            switch (starts) {
                case NUMBER -> {
                    if (atTokenStart(text, i)) {
                        next = NumberRunDetector.scan(text, i, tally);
                    }
                }
                case EMAIL -> {
                    int end = EmailMatcher.match(text, i);
                    if (end > 0) {
                        tally.add(DetectionKind.EMAIL);
                        next = end;
                    }
                }
                case ASSIGNMENT -> {
                    int end = SecretMatcher.matchAssignment(text, i);
                    if (end > 0) {
                        tally.add(DetectionKind.SECRET);
                        next = end;
                    }
                }
                default -> {
                    if (atTokenStart(text, i)) {
                        next = matchAtWordStart(text, i, tally);
                    }
                }
            }
            i = Math.max(next, i + 1);
        }
    }

    private static int matchAtWordStart(String text, int i, DetectionTally tally) {
        int end = SecretMatcher.matchPrefixed(text, i);
        if (end > 0) {
            tally.add(DetectionKind.SECRET);
            return end;
        }
        if (text.charAt(i) >= 'A' && text.charAt(i) <= 'Z') {
            end = Iban.match(text, i);
            if (end > 0) {
                tally.add(DetectionKind.IBAN);
                return end;
            }
            end = UkNino.match(text, i);
            if (end > 0) {
                tally.add(DetectionKind.NATIONAL_ID);
                return end;
            }
        }
        return i + 1;
    }
}
