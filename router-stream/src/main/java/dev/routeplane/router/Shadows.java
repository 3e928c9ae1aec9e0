package dev.routeplane.router;

/**
 * How shadow calls are named and sampled. A shadow call runs under its own request id, the shadowed request's id
 * plus {@value #SUFFIX}, so its reservation, cost events and result never mix with the request's own; which
 * requests are shadowed is a pure function of the request id, so a redelivered request decides the same way.
 */
public final class Shadows {
    /** Appended to the shadowed request's id. */
    public static final String SUFFIX = "#shadow";

    private static final int BUCKETS = 10_000;

    private Shadows() {}

    /** True for a shadow call's request id; clients may not use such ids for their own requests. */
    public static boolean isShadowId(String requestId) {
        return requestId.endsWith(SUFFIX);
    }

    /** The shadow call's request id. */
    public static String requestId(String shadowedRequestId) {
        return shadowedRequestId + SUFFIX;
    }

    /** True when a request falls in a lane's shadow {@code share} (0..1). */
    public static boolean sampled(String requestId, double share) {
        if (share <= 0) {
            return false;
        }
        // Murmur3's finalizer spreads String.hashCode, whose low bits follow the last characters of the id.
        int h = requestId.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, BUCKETS) < share * BUCKETS;
    }
}
