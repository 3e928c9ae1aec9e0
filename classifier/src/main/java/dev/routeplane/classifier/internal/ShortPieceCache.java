package dev.routeplane.classifier.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Token counts of short pieces made of ASCII letters, digits and spaces (" the", "quarterly", "123"), most of
 * the pieces of typical prompt text, each held in a single {@code long}: up to {@value #MAX_CHARS} characters at
 * 6 bits each plus the count in the top 4 bits. A lookup is one multiply, one array load and one compare, where a
 * cache of String entries needs three dependent loads and a region compare per piece.
 *
 * <p>Thread-safe without locks: a slot is read and written as one atomic {@code long}, so a reader sees either the
 * old or the new entry, never a key of one with the count of the other; a lost race only costs a recount.
 */
final class ShortPieceCache {

    /** Pieces up to this long fit: 10 × 6 bits of characters, 4 bits of count (a piece of n ASCII chars has at
     * most n tokens, since each token covers at least one byte). */
    static final int MAX_CHARS = 10;

    private static final int SLOT_BITS = 15;
    private static final long KEY_BITS = (1L << 60) - 1;

    /** 6-bit code of each ASCII character that can be packed, 0 for the others. A piece's codes are all non-zero,
     * so the packed key also encodes its length and never equals an empty slot. */
    private static final byte[] CODES = new byte[128];

    static {
        int code = 1;
        for (char c = 'a'; c <= 'z'; c++) {
            CODES[c] = (byte) code++;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            CODES[c] = (byte) code++;
        }
        for (char c = '0'; c <= '9'; c++) {
            CODES[c] = (byte) code++;
        }
        CODES[' '] = (byte) code;
    }

    private final AtomicLongArray slots = new AtomicLongArray(1 << SLOT_BITS);

    /** The 6-bit code of {@code c}, 0 when it cannot be part of a packed piece. */
    static int code(char c) {
        return c < 128 ? CODES[c] : 0;
    }

    /**
     * The packed key of {@code text[start, end)}: the code of the character at {@code start + k} in bits
     * {@code 6k..6k+5}. 0 when the piece is too long or has a character without a code.
     */
    static long key(String text, int start, int end) {
        if (end - start > MAX_CHARS) {
            return 0;
        }
        long key = 0;
        int shift = 0;
        for (int i = start; i < end; i++) {
            int code = code(text.charAt(i));
            if (code == 0) {
                return 0;
            }
            key |= (long) code << shift;
            shift += 6;
        }
        return key;
    }

    /** The cached count for a non-zero {@code key}, or -1 when it is not cached. */
    int get(long key) {
        long entry = slots.getOpaque(slot(key));
        return (entry & KEY_BITS) == key ? (int) (entry >>> 60) : -1;
    }

    void put(long key, int tokens) {
        slots.setOpaque(slot(key), key | (long) tokens << 60);
    }

    private static int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - SLOT_BITS));
    }
}
