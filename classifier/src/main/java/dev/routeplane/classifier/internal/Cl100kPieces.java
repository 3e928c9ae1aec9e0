package dev.routeplane.classifier.internal;

import java.util.Arrays;

/**
 * Splits text into the pieces the cl100k_base pre-tokenizer produces, i.e. the matches of
 * <pre>
 * '(?i:[sdtm]|ll|ve|re) | [^\r\n\p{L}\p{N}]?+\p{L}+ | \p{N}{1,3} | ' '?[^\s\p{L}\p{N}]++[\r\n]* | \s*[\r\n] | \s+(?!\S) | \s+
 * </pre>
 * with the character classes jtokkit uses (its letters and numbers are Unicode general categories, its
 * whitespace a fixed list). BPE never merges across pieces, so a text's token count is the sum of its pieces'
 * counts; {@link TokenCounter} relies on that to cache per-piece counts. Equality with jtokkit is not argued
 * here but tested: {@code TokenCounterExactnessTest} compares whole-text counts on random and realistic text.
 * Stateless and thread-safe.
 */
final class Cl100kPieces {

    /** Receives pieces as {@code [start, end)} char ranges of the text, in order. */
    interface Sink {
        /**
         * An ASCII word piece of up to {@link ShortPieceCache#MAX_CHARS} characters, with its non-zero
         * {@link ShortPieceCache#key}, packed while the split found the word's end. The most common piece by far;
         * kept apart so that its handling stays small enough for the JIT to compile into the split loop.
         */
        void shortPiece(String text, int start, int end, long key);

        /** Any other piece. */
        void piece(String text, int start, int end);
    }

    private static final int OTHER = 0;
    private static final int LETTER = 1;
    private static final int NUMBER = 2;
    private static final int SPACE = 3;
    private static final int NEWLINE = 4;

    private static final byte[] ASCII = new byte[128];
    /** {@link ShortPieceCache#code} of each ASCII letter, 0 for every other ASCII character: the word loop's one load. */
    private static final byte[] LETTER_CODES = new byte[128];

    private static final int[] UNICODE_SPACES = {
        0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029,
        0x202F, 0x205F, 0x3000
    };

    static {
        for (int c = 0; c < 128; c++) {
            ASCII[c] = (byte)
                    (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                            ? LETTER
                            : c >= '0' && c <= '9'
                                    ? NUMBER
                                    : c == '\r' || c == '\n'
                                            ? NEWLINE
                                            : c == ' ' || c == '\t' || c == 0x0B || c == 0x0C ? SPACE : OTHER);
            LETTER_CODES[c] = (byte) (ASCII[c] == LETTER ? ShortPieceCache.code((char) c) : 0);
        }
    }

    private Cl100kPieces() {}

    static void split(String s, Sink sink) {
        int n = s.length();
        int i = 0;
        next:
        while (i < n) {
            // Fast path for the most common piece, an ASCII word with an optional space or symbol before it: emitted
            // with its ShortPieceCache key, packed in the same pass that finds the word's end. It lives in this loop,
            // not in a method of its own, because the JIT compiles a hot per-piece method on its own and then no
            // longer inlines it; a call per piece costs more than the split itself. Other pieces go to piece().
            char c = s.charAt(i);
            int kind = c < 128 && c != '\'' ? ASCII[c] : -1; // an apostrophe may start a contraction
            if (kind == LETTER || (kind == OTHER || kind == SPACE) && i + 1 < n && isAsciiLetter(s.charAt(i + 1))) {
                long first = ShortPieceCache.code(c);
                long key = first;
                int shift = 6;
                int end = i + 1;
                while (end < n) {
                    char d = s.charAt(end);
                    int code = d < 128 ? LETTER_CODES[d] : -1;
                    if (code < 0) {
                        i = piece(s, i, sink); // a non-ASCII letter may continue the word
                        continue next;
                    }
                    if (code == 0) {
                        break;
                    }
                    key |= (long) code << shift; // bits past the key's width are dropped below
                    shift += 6;
                    end++;
                }
                if (first != 0 && end - i <= ShortPieceCache.MAX_CHARS) {
                    sink.shortPiece(s, i, end, key);
                } else {
                    sink.piece(s, i, end);
                }
                i = end;
            } else {
                i = piece(s, i, sink);
            }
        }
    }

    /** Emits the piece starting at {@code i}, any kind; returns its end. */
    private static int piece(String s, int i, Sink sink) {
        int n = s.length();
        int c0 = s.codePointAt(i);
        int w0 = Character.charCount(c0);
        int k0 = kind(c0);
        int j = i + w0;
        int c1 = j < n ? s.codePointAt(j) : -1;
        int k1 = c1 < 0 ? -1 : kind(c1);

        if (c0 == '\'' && c1 >= 0) {
            if (isShortContraction(c1)) {
                sink.piece(s, i, i + 2);
                return i + 2;
            }
            if (i + 2 < n && isLongContraction(c1, s.codePointAt(i + 2))) {
                sink.piece(s, i, i + 3);
                return i + 3;
            }
        }
        int end;
        if (k0 == LETTER || (k0 == OTHER || k0 == SPACE) && k1 == LETTER) {
            end = skip(s, j, LETTER);
        } else if (k0 == NUMBER) {
            end = j;
            for (int digits = 1; digits < 3 && end < n; digits++) {
                int c = s.codePointAt(end);
                if (kind(c) != NUMBER) {
                    break;
                }
                end += Character.charCount(c);
            }
        } else if (k0 == OTHER || c0 == ' ' && k1 == OTHER) {
            end = skip(s, j, OTHER);
            while (end < n && kind(s.charAt(end)) == NEWLINE) {
                end++;
            }
        } else {
            return whitespace(s, i, sink);
        }
        sink.piece(s, i, end);
        return end;
    }

    private static boolean isAsciiLetter(char c) {
        return c < 128 && ASCII[c] == LETTER;
    }

    /** A whitespace run from {@code start}: up to its last newline, then spaces that are not followed by a
     * non-space (the last space of a run before a word or a symbol goes with that word). Returns its end. */
    private static int whitespace(String s, int start, Sink sink) {
        int n = s.length();
        int runStart = start;
        int end = start;
        int lastNewline = -1;
        while (end < n) {
            int k = kind(s.charAt(end)); // all whitespace is in the BMP
            if (k == NEWLINE) {
                lastNewline = end;
            } else if (k != SPACE) {
                break;
            }
            end++;
        }
        if (lastNewline >= 0) {
            sink.piece(s, start, lastNewline + 1);
            start = lastNewline + 1;
        }
        if (start < end && end < n && end - runStart > 1) {
            end--;
        }
        if (start < end) {
            sink.piece(s, start, end);
        }
        return end;
    }

    private static int skip(String s, int from, int kind) {
        int n = s.length();
        int i = from;
        while (i < n) {
            char ch = s.charAt(i);
            if (ch < 128) {
                if (ASCII[ch] != kind) {
                    break;
                }
                i++;
                continue;
            }
            int c = s.codePointAt(i);
            if (kind(c) != kind) {
                break;
            }
            i += Character.charCount(c);
        }
        return i;
    }

    private static boolean isShortContraction(int c) {
        return c == 's'
                || c == 'd'
                || c == 't'
                || c == 'm'
                || c == 'S'
                || c == 'D'
                || c == 'T'
                || c == 'M'
                || c == 0x17F; // long s: upper-cases to S, and jtokkit matches contractions case-insensitively
    }

    private static boolean isLongContraction(int a, int b) {
        int ua = Character.toUpperCase(a);
        int ub = Character.toUpperCase(b);
        return ua == 'L' && ub == 'L' || ua == 'V' && ub == 'E' || ua == 'R' && ub == 'E';
    }

    static int kind(int c) {
        if (c < 128) {
            return ASCII[c];
        }
        if (c == 0x85 || c == 0xA0 || c >= 0x1680 && c <= 0x3000 && Arrays.binarySearch(UNICODE_SPACES, c) >= 0) {
            return SPACE;
        }
        if (c < 0xAA) {
            return OTHER;
        }
        switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER,
                    Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER:
                return c <= 0x323AF ? LETTER : OTHER;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER:
                return c >= 0xB2 && c <= 0x1FBF9 ? NUMBER : OTHER;
            default:
                return OTHER;
        }
    }
}
