package dev.routeplane.router.internal;

/**
 * A hash that is the same in every JVM and release, so canary splits and exploration choices can be replayed
 * from a decision's request id (String.hashCode is stable too, but 32 bits and poorly mixed).
 */
public final class StableHash {
    private StableHash() {}

    /** 64-bit FNV-1a over the seed and the UTF-16 code units of {@code text}, finished with SplitMix64. */
    public static long hash(long seed, String text) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    /** A number in [0, 1) derived from {@link #hash}. */
    public static double unit(long seed, String text) {
        return (hash(seed, text) >>> 11) * 0x1.0p-53;
    }
}
