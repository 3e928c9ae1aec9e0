package dev.routeplane.classifier.internal;

import static dev.routeplane.classifier.internal.Chars.isUpper;
import static dev.routeplane.classifier.internal.Chars.isWordChar;

import dev.routeplane.classifier.DetectionKind;

/**
 * Runs every sensitive-data detector in a single left-to-right pass over a text. Each character is
 * looked at once, through one table load; only characters that can start a match (a digit, {@code +},
 * {@code @}, an upper-case letter, a key prefix letter, {@code =}/{@code :}) hand over to a detector,
 * which reports where its match ends so the pass resumes after it. Cost is linear in the text, with no
 * regex and no backtracking. Stateless and thread-safe.
 */
public final class SensitiveDataScanner {

    private SensitiveDataScanner() {}

    private static final byte NONE = 0;
    private static final byte NUMBER = 1;
    private static final byte EMAIL = 2;
    private static final byte ASSIGNMENT = 3;
    private static final byte WORD = 4;
    /**
     * What each ASCII character can start; most prompt characters start nothing. Non-ASCII characters start
     * nothing.
     */
    private static final byte[] STARTS = new byte[128];

    /** Flag: a word character, so the next character is not at a token start. */
    private static final int WORD_CHAR = 1;
    /** Flag: starts a detector when at a token start (numbers and word-shaped formats). */
    private static final int AT_TOKEN_START = 2;
    /** Flag: starts a detector wherever it is ({@code @}, {@code =}, {@code :}). */
    private static final int ANYWHERE = 4;
    /** The flags of each ASCII character; the scan loop tests these with one load and no branch per flag. */
    private static final byte[] FLAGS = new byte[128];

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
        for (char c = 0; c < 128; c++) {
            int starts = STARTS[c];
            FLAGS[c] = (byte) ((isWordChar(c) ? WORD_CHAR : 0)
                    | (starts == NUMBER || starts == WORD ? AT_TOKEN_START : 0)
                    | (starts == EMAIL || starts == ASSIGNMENT ? ANYWHERE : 0));
        }
    }

    /** Adds what {@code text} contains to {@code tally}. */
    public static void scan(String text, DetectionTally tally) {
        int n = text.length();
        int i = 0;
        int wordBefore = 0; // WORD_CHAR when the character before i is a word character, i.e. i is no token start
        while (i < n) {
            char c = text.charAt(i);
            int flags = c < 128 ? FLAGS[c] : Character.isLetterOrDigit(c) ? WORD_CHAR : 0;
            // AT_TOKEN_START counts only when no word character precedes (wordBefore == 0), ANYWHERE always.
            if ((flags & (ANYWHERE | (wordBefore ^ WORD_CHAR) << 1)) != 0) {
                int next = detect(text, i, c, tally);
                if (next > i + 1) {
                    i = next;
                    wordBefore = isWordChar(text.charAt(i - 1)) ? WORD_CHAR : 0;
                    continue;
                }
            }
            wordBefore = flags & WORD_CHAR;
            i++;
        }
    }

    /** Runs the detector {@code c} starts at {@code i}; returns where the scan resumes, at least {@code i + 1}. */
    private static int detect(String text, int i, char c, DetectionTally tally) {
        switch (STARTS[c]) {
            case NUMBER -> {
                return NumberRunDetector.scan(text, i, tally);
            }
            case EMAIL -> {
                int end = EmailMatcher.match(text, i);
                if (end > 0) {
                    tally.add(DetectionKind.EMAIL);
                    return end;
                }
                return i + 1;
            }
            case ASSIGNMENT -> {
                int end = SecretMatcher.matchAssignment(text, i);
                if (end > 0) {
                    tally.add(DetectionKind.SECRET);
                    return end;
                }
                return i + 1;
            }
            default -> {
                return matchAtWordStart(text, i, tally);
            }
        }
    }

    private static int matchAtWordStart(String text, int i, DetectionTally tally) {
        char first = text.charAt(i);
        char second = i + 1 < text.length() ? text.charAt(i + 1) : 0;
        // Every word-shaped format fixes its second character: after an upper-case letter another one (IBAN
        // country, NINO prefix, AKIA/ASIA/AIza), after a key prefix letter the rest of its prefix. Checking that
        // here saves the detectors for the many ordinary words starting with a capital, an 's' or an 'e'.
        if (isUpper(first) ? !isUpper(second) : !SecretMatcher.mayStartPrefixed(first, second)) {
            return i + 1;
        }
        int end = SecretMatcher.matchPrefixed(text, i);
        if (end > 0) {
            tally.add(DetectionKind.SECRET);
            return end;
        }
        if (isUpper(first)) {
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
