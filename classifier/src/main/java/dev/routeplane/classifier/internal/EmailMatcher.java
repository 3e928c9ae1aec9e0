package dev.routeplane.classifier.internal;

import static dev.routeplane.classifier.internal.Chars.isAsciiAlnum;

/**
 * E-mail addresses, recognised from their {@code @}: a local part read backwards (at most 64
 * characters, RFC 5321) and a dotted domain read forwards ending in an alphabetic TLD of 2+ letters.
 * Anchoring on {@code @} keeps the cost proportional to the number of {@code @} signs, not to the text.
 */
final class EmailMatcher {

    private EmailMatcher() {}

    /**
     * @param at index of an {@code @}
     * @return index just after the domain, or -1 when this {@code @} is not inside an address
     */
    static int match(String s, int at) {
        int j = at - 1;
        while (j >= 0 && at - j <= 64 && isLocalChar(s.charAt(j))) {
            j--;
        }
        int localStart = j + 1;
        if (localStart == at || s.charAt(localStart) == '.' || s.charAt(at - 1) == '.') {
            return -1;
        }
        int n = s.length();
        int p = at + 1;
        int labels = 0;
        int lastLabelStart = p;
        while (true) {
            int labelStart = p;
            while (p < n && p - labelStart < 63 && (isAsciiAlnum(s.charAt(p)) || s.charAt(p) == '-')) {
                p++;
            }
            if (p == labelStart) {
                return -1;
            }
            labels++;
            lastLabelStart = labelStart;
            if (p + 1 < n && s.charAt(p) == '.' && isAsciiAlnum(s.charAt(p + 1))) {
                p++;
            } else {
                break;
            }
        }
        if (labels < 2 || p - lastLabelStart < 2) {
            return -1;
        }
        for (int k = lastLabelStart; k < p; k++) {
            if (!Character.isLetter(s.charAt(k))) {
                return -1;
            }
        }
        return p;
    }

    private static boolean isLocalChar(char c) {
        return isAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }
}
