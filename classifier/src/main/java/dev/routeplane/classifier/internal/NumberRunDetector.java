package dev.routeplane.classifier.internal;

import static dev.routeplane.classifier.internal.Chars.isDigit;
import static dev.routeplane.classifier.internal.Chars.isWordChar;

import dev.routeplane.classifier.DetectionKind;
import java.util.Arrays;

/**
 * Finds payment cards, US social security numbers and phone numbers in one pass over a run of digit
 * groups such as {@code +1 (555) 010-9999} or {@code 4111 1111 1111 1111}.
 *
 * <p>One parser for all three, instead of one regex each, because every one of them is "digit groups
 * joined by single separators"; the run is read once and then windows of consecutive groups are tried,
 * longest first, so a card preceded by an unrelated number ({@code qty 2 4111 1111 1111 1111}) is still
 * found. A window must start and end at a run edge or at a plain space, so a dashed run such as
 * {@code 123-45-6789-0} is never read as a shorter SSN inside it.
 *
 * <p>False-positive care: plain digit strings without separators are only ever cards (Luhn-checked,
 * issuer digit 1-6); years, prices, dates and IPs fail every group-shape rule.
 */
final class NumberRunDetector {

    private static final int SPACE = 1;
    private static final int DASH = 2;
    private static final int DOT = 4;
    private static final int PAREN = 8;

    private NumberRunDetector() {}

    /**
     * Scans the run starting at {@code start} (a digit, or {@code +}/{@code (} before a digit, at a
     * token start) and tallies what it contains.
     *
     * @return index just after the run, always greater than {@code start}
     */
    static int scan(String s, int start, DetectionTally tally) {
        int n = s.length();
        int p = start;
        boolean plus = false;
        boolean openParen = false;
        char first = s.charAt(p);
        if (first == '+' || first == '(') {
            if (p + 1 >= n || !isDigit(s.charAt(p + 1))) {
                return start + 1;
            }
            plus = first == '+';
            openParen = first == '(';
            p++;
        }
        // Fast exit for the common case: a lone short number (a year, a count, a price).
        int q = p;
        while (q < n && isDigit(s.charAt(q))) {
            q++;
        }
        if (q - p < 7 && (q >= n || !isSeparator(s.charAt(q)))) {
            return q;
        }

        Run run = new Run(plus, openParen);
        while (true) {
            int gs = p;
            while (p < n && isDigit(s.charAt(p))) {
                p++;
            }
            run.addGroup(gs, p);
            int sepStart = p;
            int sep = 0;
            while (p < n && p - sepStart < 2 && isSeparator(s.charAt(p))) {
                sep |= separatorBit(s.charAt(p));
                p++;
            }
            if (sep != 0 && p < n && isDigit(s.charAt(p))) {
                run.nextSeparator = sep;
            } else {
                p = sepStart;
                break;
            }
        }
        // A run glued to letters (4111...abc, 12 3rd) loses its last group: that group is part of a word.
        if (p < n && isWordChar(s.charAt(p))) {
            run.groups--;
        }
        if (run.groups > 0) {
            classifyWindows(s, run, tally);
        }
        return Math.max(p, start + 1);
    }

    private static void classifyWindows(String s, Run run, DetectionTally tally) {
        int g = 0;
        outer:
        while (g < run.groups) {
            if (run.edgeBefore(g)) {
                for (int h = run.lastWindowEnd(g); h >= g; h--) {
                    if (!run.edgeAfter(h)) {
                        continue;
                    }
                    DetectionKind kind = classify(s, run, g, h);
                    if (kind != null) {
                        tally.add(kind);
                        g = h + 1;
                        continue outer;
                    }
                }
            }
            g++;
        }
    }

    private static DetectionKind classify(String s, Run run, int g, int h) {
        int digits = run.digits(g, h);
        int groups = h - g + 1;
        boolean leadPlus = g == 0 && run.plus;
        boolean leadParen = g == 0 && run.openParen;
        if (groups == 3 && !leadPlus && !leadParen && isSsn(s, run, g)) {
            return DetectionKind.NATIONAL_ID;
        }
        if (!leadPlus
                && !leadParen
                && digits >= 13
                && digits <= 19
                && isCardShaped(run, g, h)
                && Luhn.isValid(s, run, g, h)) {
            return DetectionKind.PAYMENT_CARD;
        }
        if (leadPlus && digits >= 8 && digits <= 15 && s.charAt(run.start[g]) != '0') {
            return DetectionKind.PHONE;
        }
        if (groups >= 2 && (isNanp(s, run, g, h, leadParen) || isNationalTrunk(s, run, g, h, digits))) {
            return DetectionKind.PHONE;
        }
        return null;
    }

    /** ddd-dd-dddd, excluding areas 000, 666 and 900-999, group 00 and serial 0000. */
    private static boolean isSsn(String s, Run run, int g) {
        if (run.len(g) != 3
                || run.len(g + 1) != 2
                || run.len(g + 2) != 4
                || run.sep[g + 1] != DASH
                || run.sep[g + 2] != DASH) {
            return false;
        }
        int area = parse(s, run.start[g], 3);
        return area != 0
                && area != 666
                && area < 900
                && parse(s, run.start[g + 1], 2) != 0
                && parse(s, run.start[g + 2], 4) != 0;
    }

    /** One group, or groups of 3+ digits joined by one kind of separator (space or dash). */
    private static boolean isCardShaped(Run run, int g, int h) {
        for (int k = g; k <= h; k++) {
            if (k > g && (run.sep[k] != run.sep[g + 1] || run.sep[k] != SPACE && run.sep[k] != DASH)) {
                return false;
            }
            if (h > g && run.len(k) < 3) {
                return false;
            }
        }
        return true;
    }

    /** North American 3-3-4 (optionally 1-3-3-4): area and exchange start 2-9; spaces only with parens. */
    private static boolean isNanp(String s, Run run, int g, int h, boolean leadParen) {
        int a = g;
        if (h - g == 3) {
            if (run.len(g) != 1 || s.charAt(run.start[g]) != '1') {
                return false;
            }
            a = g + 1;
        } else if (h - g != 2) {
            return false;
        }
        if (run.len(a) != 3 || run.len(a + 1) != 3 || run.len(a + 2) != 4) {
            return false;
        }
        if (s.charAt(run.start[a]) < '2' || s.charAt(run.start[a + 1]) < '2') {
            return false;
        }
        boolean parenForm = leadParen && a == g || (run.sep[a] & PAREN) != 0 || (run.sep[a + 1] & PAREN) != 0;
        boolean punctuated = ((run.sep[a + 1] | run.sep[a + 2]) & (DASH | DOT)) != 0;
        return parenForm || punctuated;
    }

    /** National format with trunk prefix 0 (UK, DE, FR, ...): 10-12 digits in groups of 2+. */
    private static boolean isNationalTrunk(String s, Run run, int g, int h, int digits) {
        if (s.charAt(run.start[g]) != '0' || digits < 10 || digits > 12 || run.len(g) > 5) {
            return false;
        }
        for (int k = g; k <= h; k++) {
            if (run.len(k) < 2 || k > g && (run.sep[k] & DOT) != 0) {
                return false;
            }
        }
        return true;
    }

    private static int parse(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
    }

    private static int separatorBit(char c) {
        return switch (c) {
            case ' ' -> SPACE;
            case '-' -> DASH;
            case '.' -> DOT;
            default -> PAREN;
        };
    }

    /** Digit groups of one run: start/end offsets and the separator kinds before each group. */
    static final class Run {
        final boolean plus;
        final boolean openParen;
        int[] start = new int[8];
        int[] end = new int[8];
        int[] sep = new int[8];
        int groups;
        int nextSeparator;

        Run(boolean plus, boolean openParen) {
            this.plus = plus;
            this.openParen = openParen;
        }

        void addGroup(int from, int to) {
            if (groups == start.length) {
                start = Arrays.copyOf(start, groups * 2);
                end = Arrays.copyOf(end, groups * 2);
                sep = Arrays.copyOf(sep, groups * 2);
            }
            start[groups] = from;
            end[groups] = to;
            sep[groups] = groups == 0 ? 0 : nextSeparator;
            groups++;
        }

        int len(int k) {
            return end[k] - start[k];
        }

        int digits(int g, int h) {
            int d = 0;
            for (int k = g; k <= h; k++) {
                d += len(k);
            }
            return d;
        }

        /** Last group a window starting at {@code g} may reach while staying within 19 digits. */
        int lastWindowEnd(int g) {
            int d = len(g);
            int h = g;
            while (h + 1 < groups && d + len(h + 1) <= 19) {
                h++;
                d += len(h);
            }
            return h;
        }

        boolean edgeBefore(int g) {
            return g == 0 || sep[g] == SPACE;
        }

        boolean edgeAfter(int h) {
            return h == groups - 1 || sep[h + 1] == SPACE;
        }
    }
}
