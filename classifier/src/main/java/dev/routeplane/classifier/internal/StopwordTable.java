package dev.routeplane.classifier.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lookup from a lower-cased word to the languages it is a stopword of, built for the language scan's inner loop.
 *
 * <p>Each letter of the stopwords' alphabet has a 6-bit code ({@link #code}); the scan packs a word's codes into a
 * {@code long} as it reads the letters ({@code key = key << 6 | code}), which costs a shift and an or per letter
 * where a String hash costs a multiply in a dependency chain, and needs no buffer of the word's characters. A word of
 * up to {@value #PACKED_CHARS} letters is then one probe of a {@code long} table: its packed codes plus its length,
 * compared whole, with no character compare. Letters outside the alphabet have code 0, which no stopword has, so a
 * word holding one never equals an entry of its length. The few stopwords longer than that are compared letter by
 * letter against the text. Immutable after construction.
 */
final class StopwordTable {

    /** Words of up to this many letters are packed exactly: 10 × 6 bits of codes, 4 bits of length. */
    static final int PACKED_CHARS = 10;
    /** Codes are kept for lower-case letters below this (ASCII and the Latin-1 and Latin Extended-A/B blocks). */
    private static final int CODED_BELOW = 0x250;

    private static final int SLOTS = 1024;

    private final byte[] codes = new byte[CODED_BELOW];
    private final long[] entries = new long[SLOTS];
    private final int[] languageMasks = new int[SLOTS];
    /** Stopwords longer than {@link #PACKED_CHARS}, with their language masks. */
    private final List<String> longWords = new ArrayList<>();

    private final List<Integer> longMasks = new ArrayList<>();
    private final int maxLength;

    StopwordTable(Map<String, String[]> lists, String[] languages) {
        int nextCode = 1;
        int longest = 0;
        for (String language : languages) {
            for (String word : lists.get(language)) {
                for (int i = 0; i < word.length(); i++) {
                    char c = word.charAt(i);
                    if (c >= CODED_BELOW || Character.toLowerCase(c) != c) {
                        throw new IllegalArgumentException("stopword '" + word + "' has a letter without a code: " + c);
                    }
                    if (codes[c] == 0) {
                        codes[c] = (byte) nextCode++;
                    }
                }
                longest = Math.max(longest, word.length());
            }
        }
        if (nextCode > 64) {
            throw new IllegalArgumentException(
                    "stopwords use " + (nextCode - 1) + " letters, more than 6-bit codes hold");
        }
        for (int l = 0; l < languages.length; l++) {
            for (String word : lists.get(languages[l])) {
                if (word.length() > PACKED_CHARS) {
                    int at = longWords.indexOf(word);
                    if (at < 0) {
                        longWords.add(word);
                        longMasks.add(1 << l);
                    } else {
                        longMasks.set(at, longMasks.get(at) | 1 << l);
                    }
                    continue;
                }
                long key = 0;
                for (int i = 0; i < word.length(); i++) {
                    key = key << 6 | codes[word.charAt(i)];
                }
                int slot = slotFor(entry(key, word.length()));
                entries[slot] = entry(key, word.length());
                languageMasks[slot] |= 1 << l;
            }
        }
        maxLength = longest;
    }

    int maxLength() {
        return maxLength;
    }

    /** The 6-bit code of a lower-case letter, 0 when no stopword has it. */
    int code(char lower) {
        return lower < CODED_BELOW ? codes[lower] : 0;
    }

    /**
     * Bit mask of languages (by index) the word {@code text[start, end)} is a stopword of, 0 when it is none.
     * {@code key} is its letters' packed codes, lower-cased; {@code lower} lower-cases a letter of the text as the
     * scan did.
     */
    int lookup(String text, int start, int end, long key, Lower lower) {
        int length = end - start;
        if (length <= PACKED_CHARS) {
            long entry = entry(key, length);
            for (int slot = slot(entry); entries[slot] != 0; slot = (slot + 1) & (SLOTS - 1)) {
                if (entries[slot] == entry) {
                    return languageMasks[slot];
                }
            }
            return 0;
        }
        for (int w = 0; w < longWords.size(); w++) {
            if (matches(longWords.get(w), text, start, end, lower)) {
                return longMasks.get(w);
            }
        }
        return 0;
    }

    /** How the scan lower-cases a letter. */
    interface Lower {
        char of(char c);
    }

    private static boolean matches(String word, String text, int start, int end, Lower lower) {
        if (word.length() != end - start) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (word.charAt(i) != lower.of(text.charAt(start + i))) {
                return false;
            }
        }
        return true;
    }

    private static long entry(long key, int length) {
        return key | (long) length << 60;
    }

    private int slotFor(long entry) {
        int slot = slot(entry);
        while (entries[slot] != 0 && entries[slot] != entry) {
            slot = (slot + 1) & (SLOTS - 1);
        }
        return slot;
    }

    private static int slot(long entry) {
        return (int) ((entry * 0x9E3779B97F4A7C15L) >>> (64 - Integer.numberOfTrailingZeros(SLOTS)));
    }
}
