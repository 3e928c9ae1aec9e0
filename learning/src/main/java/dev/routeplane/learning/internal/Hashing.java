package dev.routeplane.learning.internal;

/** Cheap, well-mixed hashes for feature hashing; stable across JVMs and releases (snapshots depend on it). */
public final class Hashing {

    private Hashing() {}

    /** Murmur3's 32-bit finaliser over a seeded value. */
    public static int mix(int h, int seed) {
        h ^= seed * 0x9E3779B9;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    /** Murmur3's 64-bit finaliser folded to 32 bits. */
    public static int mix64(long k, int seed) {
        k ^= (long) seed * 0x9E3779B97F4A7C15L;
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        k *= 0xC4CEB9FE1A85EC53L;
        k ^= k >>> 33;
        return (int) (k ^ (k >>> 32));
    }

    /** A stable hash of a string (not {@link String#hashCode()}, whose mixing is too weak for buckets). */
    public static int of(CharSequence s, int seed) {
        int h = seed;
        for (int i = 0; i < s.length(); i++) {
            h = h * 0x01000193 ^ s.charAt(i);
        }
        return mix(h, seed);
    }
}
