package dev.routeplane.classifier.internal;

/**
 * Character tests shared by the scanners. Every scanner asks these for most characters of every prompt, and
 * most prompt text is ASCII, so the ASCII answers come from one table load instead of a chain of range tests.
 */
final class Chars {

    private static final byte ALNUM = 1;
    private static final byte WORD = 2;
    /** {@link #ALNUM} and {@link #WORD} flags of each ASCII character. */
    private static final byte[] ASCII = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            boolean alnum = c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
            ASCII[c] = (byte) ((alnum ? ALNUM : 0) | (alnum || c == '_' ? WORD : 0));
        }
    }

    private Chars() {}

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isAsciiAlnum(char c) {
        return c < 128 && (ASCII[c] & ALNUM) != 0;
    }

    /** Part of a word or identifier: any letter or digit, or an underscore. */
    static boolean isWordChar(char c) {
        if (c < 128) {
            return (ASCII[c] & WORD) != 0;
        }
        return Character.isLetterOrDigit(c);
    }

    /** True when position {@code i} starts a token: at the start or after a non-word character. */
    static boolean atTokenStart(String s, int i) {
        return i == 0 || !isWordChar(s.charAt(i - 1));
    }

    /** True when position {@code end} (exclusive end of a match) is not followed by a word character. */
    static boolean atTokenEnd(String s, int end) {
        return end >= s.length() || !isWordChar(s.charAt(end));
    }

    /** Length of the run starting at {@code from} of characters usable in a token: [A-Za-z0-9_-]. */
    static int tokenRun(String s, int from, boolean allowDash, boolean allowUnderscore) {
        int p = from;
        int n = s.length();
        while (p < n) {
            char c = s.charAt(p);
            if (isAsciiAlnum(c) || allowDash && c == '-' || allowUnderscore && c == '_') {
                p++;
            } else {
                break;
            }
        }
        return p - from;
    }
}
