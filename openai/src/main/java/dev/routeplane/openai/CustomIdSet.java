package dev.routeplane.openai;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The ids seen so far in one file, remembered as 128-bit fingerprints in a primitive open-addressing table
 * (about 20 to 40 bytes per line) instead of as strings, so a million-line file costs tens of megabytes, not
 * hundreds. With 128 bits, a false duplicate among a billion ids has a probability below 10^-20.
 * Not thread-safe: one instance per parse.
 */
final class CustomIdSet {
    private final MessageDigest md5;
    private long[] keys = new long[2 * 1024];
    private int[] lines = new int[1024];
    private int size;

    CustomIdSet() {
        try {
            md5 = MessageDigest.getInstance("MD5"); // a fingerprint, not a security boundary: speed matters here
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }

    /**
     * Remembers {@code id} as first seen on {@code lineNumber}.
     *
     * @return 0 if the id is new, else the line number that used it first
     */
    long addOrGetFirstLine(String id, long lineNumber) {
        ByteBuffer digest = ByteBuffer.wrap(md5.digest(id.getBytes(StandardCharsets.UTF_8)));
        long high = digest.getLong();
        long low = digest.getLong();
        if (high == 0 && low == 0) {
            low = 1; // (0, 0) marks an empty slot
        }
        if (size + 1 > lines.length * 3 / 4) {
            grow();
        }
        int slot = find(keys, lines.length, high, low);
        if (keys[2 * slot] != 0 || keys[2 * slot + 1] != 0) {
            return lines[slot];
        }
        keys[2 * slot] = high;
        keys[2 * slot + 1] = low;
        lines[slot] = (int) Math.min(lineNumber, Integer.MAX_VALUE);
        size++;
        return 0;
    }

    private static int find(long[] table, int slots, long high, long low) {
        int slot = (int) (low ^ (low >>> 32)) & (slots - 1);
        while ((table[2 * slot] != 0 || table[2 * slot + 1] != 0)
                && (table[2 * slot] != high || table[2 * slot + 1] != low)) {
            slot = (slot + 1) & (slots - 1);
        }
        return slot;
    }

    private void grow() {
        int slots = lines.length * 2;
        long[] newKeys = new long[2 * slots];
        int[] newLines = new int[slots];
        for (int i = 0; i < lines.length; i++) {
            long high = keys[2 * i];
            long low = keys[2 * i + 1];
            if (high != 0 || low != 0) {
                int slot = find(newKeys, slots, high, low);
                newKeys[2 * slot] = high;
                newKeys[2 * slot + 1] = low;
                newLines[slot] = lines[i];
            }
        }
        keys = newKeys;
        lines = newLines;
    }
}
