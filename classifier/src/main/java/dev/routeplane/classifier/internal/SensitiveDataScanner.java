package dev.routeplane.classifier.internal;

import static dev.routeplane.classifier.internal.Chars.atTokenStart;
import static dev.routeplane.classifier.internal.Chars.isDigit;

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

    /** Adds what {@code text} contains to {@code tally}. */
    public static void scan(String text, DetectionTally tally) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            int next = i + 1;
            if (isDigit(c) || c == '+' || c == '(') {
                if (atTokenStart(text, i)) {
                    next = NumberRunDetector.scan(text, i, tally);
                }
            } else if (c == '@') {
                int end = EmailMatcher.match(text, i);
                if (end > 0) {
                    tally.add(DetectionKind.EMAIL);
                    next = end;
                }
            } else if (c == '=' || c == ':') {
                int end = SecretMatcher.matchAssignment(text, i);
                if (end > 0) {
                    tally.add(DetectionKind.SECRET);
                    next = end;
                }
            } else if (c >= 'A' && c <= 'Z' || c == 's' || c == 'g' || c == 'x' || c == 'e' || c == '-') {
                if (atTokenStart(text, i)) {
                    next = matchAtWordStart(text, i, tally);
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
