package dev.routeplane.classifier.internal;

import java.util.Map;

/**
 * Open-addressing lookup from a lower-cased word, given as a char buffer and its String-compatible
 * hash, to the languages it belongs to, so the language scan looks words up without allocating a
 * String per word. Immutable after construction.
 */
final class StopwordTable {

    private final String[] keys;
    /** Each key's hash: a probe compares the hash first, so a non-stopword rarely costs a character compare. */
    private final int[] hashes;

    private final int[] languageMasks;
    private final int mask;
    private final int maxLength;

    StopwordTable(Map<String, String[]> lists, String[] languages) {
        int size = 1024;
        keys = new String[size];
        hashes = new int[size];
        languageMasks = new int[size];
        mask = size - 1;
        int longest = 0;
        for (int l = 0; l < languages.length; l++) {
            for (String word : lists.get(languages[l])) {
                int slot = slotFor(word);
                keys[slot] = word;
                hashes[slot] = word.hashCode();
                languageMasks[slot] |= 1 << l;
                longest = Math.max(longest, word.length());
            }
        }
        maxLength = longest;
    }

    int maxLength() {
        return maxLength;
    }

    /** Bit mask of languages (by index) containing the word, 0 when it is no stopword. */
    int lookup(char[] word, int length, int hash) {
        if (length > maxLength) {
            return 0;
        }
        for (int slot = hash & mask; keys[slot] != null; slot = (slot + 1) & mask) {
            String key = keys[slot];
            if (hashes[slot] == hash && key.length() == length && equals(key, word, length)) {
                return languageMasks[slot];
            }
        }
        return 0;
    }

    private int slotFor(String word) {
        int slot = word.hashCode() & mask;
        while (keys[slot] != null && !keys[slot].equals(word)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static boolean equals(String key, char[] word, int length) {
        for (int i = 0; i < length; i++) {
            if (key.charAt(i) != word[i]) {
                return false;
            }
        }
        return true;
    }
}
