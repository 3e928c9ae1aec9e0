package dev.routeplane.classifier.internal;

import static dev.routeplane.classifier.internal.Chars.isDigit;
import static dev.routeplane.classifier.internal.Chars.isUpper;

/**
 * UK National Insurance number: two prefix letters, six digits (optionally spaced in pairs), a suffix
 * A-D, e.g. {@code AB 12 34 56 C}. Applies HMRC's prefix rules (D, F, I, Q, U, V never used; O not
 * second; BG, GB, KN, NK, NT, TN, ZZ unallocated), which also rejects the documentation example
 * prefix QQ.
 */
final class UkNino {

    private UkNino() {}

    /** @return index just after the number, or -1 when there is none at {@code start} */
    static int match(String s, int start) {
        int n = s.length();
        if (start + 9 > n) {
            return -1;
        }
        char a = s.charAt(start);
        char b = s.charAt(start + 1);
        if (!isUpper(b) || "DFIQUV".indexOf(a) >= 0 || "DFIOQUV".indexOf(b) >= 0) {
            return -1;
        }
        if (isUnallocated(a, b)) {
            return -1;
        }
        int p = start + 2;
        for (int pair = 0; pair < 3; pair++) {
            if (p < n && s.charAt(p) == ' ') {
                p++;
            }
            if (p + 2 > n || !isDigit(s.charAt(p)) || !isDigit(s.charAt(p + 1))) {
                return -1;
            }
            p += 2;
        }
        if (p < n && s.charAt(p) == ' ') {
            p++;
        }
        if (p >= n || s.charAt(p) < 'A' || s.charAt(p) > 'D' || !Chars.atTokenEnd(s, p + 1)) {
            return -1;
        }
        return p + 1;
    }

    private static boolean isUnallocated(char a, char b) {
        return a == 'B' && b == 'G'
                || a == 'G' && b == 'B'
                || a == 'K' && b == 'N'
                || a == 'N' && b == 'K'
                || a == 'N' && b == 'T'
                || a == 'T' && b == 'N'
                || a == 'Z' && b == 'Z';
    }
}
